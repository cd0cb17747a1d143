// Slack's Socket Mode side, on loopback: the WebSocket that apps.connections.open hands out. It greets a
// connecting client with "hello" (as Slack does), sends envelopes, and collects the client's
// acknowledgements. Uses `ws`, which Slack's own Socket Mode client is built on.
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

type Json = Record<string, unknown>;

export class FakeSocketMode {
  readonly acks: Json[] = [];
  private readonly server: WebSocketServer;
  private socket: WebSocket | undefined;
  private connected: Promise<void>;

  private constructor(server: WebSocketServer) {
    this.server = server;
    this.connected = new Promise((resolve) => {
      server.on("connection", (socket) => {
        this.socket = socket;
        socket.on("message", (data) =>
          this.acks.push(JSON.parse(Array.isArray(data) ? Buffer.concat(data).toString() : new TextDecoder().decode(data)) as Json),
        );
        socket.send(
          JSON.stringify({ type: "hello", num_connections: 1, debug_info: { host: "fake" }, connection_info: { app_id: "A0KYODO" } }),
        );
        resolve();
      });
    });
  }

  static async start(): Promise<FakeSocketMode> {
    const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
    await new Promise<void>((resolve) => server.once("listening", () => resolve()));
    return new FakeSocketMode(server);
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/link`;
  }

  /** Resolves once Kyodo has connected and been greeted. */
  whenConnected(): Promise<void> {
    return this.connected;
  }

  /** Sends an envelope (slash_commands, interactive, events_api) and returns its id. */
  deliver(type: string, payload: Json): string {
    const envelopeId = randomUUID();
    this.socket!.send(
      JSON.stringify({
        envelope_id: envelopeId,
        type,
        payload,
        accepts_response_payload: type !== "events_api",
        retry_attempt: 0,
        retry_reason: "",
      }),
    );
    return envelopeId;
  }

  async close(): Promise<void> {
    for (const client of this.server.clients) client.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

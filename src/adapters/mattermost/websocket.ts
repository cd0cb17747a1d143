// Messages people write to Kyodo in their direct channel arrive over Mattermost's WebSocket (a slash
// command cannot carry a plain chat message, and outgoing webhooks never fire in direct channels). The
// connection goes out to the same internal Mattermost host as every REST call, authenticates with the
// bot token by Mattermost's authentication challenge, and reconnects with growing pauses when the
// server restarts. Messages are handed on one at a time, in the order Mattermost sent them.
import type { Logger } from "pino";
import type { z } from "zod";
import { postedPostSchema, readJson, socketEventSchema } from "./callback-schema.ts";
import type { DirectPost } from "./inbound.ts";

export interface MattermostSocketOptions {
  /** the server's base URL (http or https); the socket uses ws or wss on the same host */
  baseUrl: string;
  token: string;
  logger: Logger;
  botUserId(): Promise<string>;
  onDirectPost(post: DirectPost, senderName: string | undefined): Promise<void>;
  /** first pause before reconnecting; doubles up to a minute */
  reconnectMs?: number;
}

type PostedPost = z.output<typeof postedPostSchema>;

export class MattermostSocket {
  private readonly options: MattermostSocketOptions;
  private socket: WebSocket | undefined;
  private stopped = false;
  private pause: number;
  private timer: NodeJS.Timeout | undefined;
  private queue: Promise<void> = Promise.resolve();
  private connected: (() => void) | undefined;
  /** resolves once the server has said hello after authentication */
  readonly ready: Promise<void>;

  constructor(options: MattermostSocketOptions) {
    this.options = options;
    this.pause = options.reconnectMs ?? 1000;
    this.ready = new Promise((resolve) => {
      this.connected = resolve;
    });
  }

  start(): void {
    this.stopped = false;
    this.connect();
  }

  /** Resolves when every message received so far has been handled. */
  async idle(): Promise<void> {
    let current: Promise<void>;
    do {
      current = this.queue;
      await current;
    } while (current !== this.queue);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.socket?.close();
    this.socket = undefined;
    await this.idle();
  }

  private connect(): void {
    if (this.stopped) return;
    const url = `${this.options.baseUrl.replace(/\/+$/, "").replace(/^http/, "ws")}/api/v4/websocket`;
    let socket: WebSocket;
    try {
      socket = new WebSocket(url);
    } catch (error) {
      this.options.logger.error({ err: error }, "mattermost websocket could not be opened");
      return this.reconnectLater();
    }
    this.socket = socket;
    socket.addEventListener("open", () => {
      socket.send(JSON.stringify({ seq: 1, action: "authentication_challenge", data: { token: this.options.token } }));
    });
    socket.addEventListener("message", (message) => this.receive(String(message.data)));
    socket.addEventListener("error", () => {
      // "close" follows and reconnects; the reason is in the close code.
    });
    socket.addEventListener("close", (event) => {
      if (this.socket === socket) this.socket = undefined;
      if (this.stopped) return;
      this.options.logger.warn({ code: event.code, retryInMs: this.pause }, "mattermost websocket closed; reconnecting");
      this.reconnectLater();
    });
  }

  private reconnectLater(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.connect(), this.pause);
    this.timer.unref();
    this.pause = Math.min(this.pause * 2, 60_000);
  }

  private receive(raw: string): void {
    const read = readJson(socketEventSchema, raw);
    if (!read.ok) {
      this.options.logger.warn({ reason: read.why }, "mattermost websocket event of an unexpected shape ignored");
      return;
    }
    const event = read.value;
    if (event.event === "hello") {
      this.pause = this.options.reconnectMs ?? 1000;
      this.options.logger.info("mattermost websocket connected");
      this.connected?.();
      return;
    }
    if (event.event !== "posted" || event.data?.channel_type !== "D" || typeof event.data.post !== "string") return;
    const posted = readJson(postedPostSchema, event.data.post);
    if (!posted.ok) {
      this.options.logger.warn({ reason: posted.why }, "mattermost direct post of an unexpected shape ignored");
      return;
    }
    const post: PostedPost = posted.value;
    const senderName = event.data.sender_name;
    this.queue = this.queue
      .then(() => this.handle(post, senderName))
      .catch((error: unknown) => {
        this.options.logger.error({ err: error, postId: post.id }, "mattermost direct message failed");
      });
  }

  private async handle(post: PostedPost, senderName: string | undefined): Promise<void> {
    // System messages, other bots and integrations, and Kyodo's own posts are not someone talking to Kyodo.
    if (post.type || post.props?.from_bot === "true" || post.props?.from_bot === true || post.props?.from_webhook) return;
    if (post.user_id === (await this.options.botUserId())) return;
    const direct: DirectPost = post;
    await this.options.onDirectPost(direct, senderName);
  }
}

// A stand-in for a chat service that uses Kyodo's generic webhook, on loopback: it signs the events it
// sends and checks the signature of what Kyodo delivers with the sample client's own functions
// (scripts/webhook-chat-client.ts), so the documented contract is what is tested. It records every
// delivery attempt, shows each Idempotency-Key once, and fails on demand.
import { createServer, type Server } from "node:http";
import { signedHeaders, verify, type ChatEvent, type Delivery } from "../../../scripts/webhook-chat-client.ts";

export const SECRET = "test-webhook-secret-0123456789";

export interface Attempt {
  headers: Record<string, string>;
  body: Delivery;
  raw: string;
  verified: boolean;
  status: number;
}

export class FakeChatService {
  readonly attempts: Attempt[] = [];
  /** deliveries shown to people: one per idempotency key, in arrival order */
  readonly shown: Delivery[] = [];
  kyodoUrl = "";
  private server: Server | undefined;
  private readonly failures: Array<{ status: number; headers?: Record<string, string> }> = [];
  private readonly keys = new Set<string>();

  static async start(): Promise<FakeChatService> {
    const fake = new FakeChatService();
    fake.server = createServer(
      (req, res) =>
        void (async () => {
          const chunks: Buffer[] = [];
          for await (const chunk of req) chunks.push(chunk as Buffer);
          const raw = Buffer.concat(chunks).toString("utf8");
          const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
          const verified = verify(SECRET, { signature: headers["x-kyodo-signature"], timestamp: headers["x-kyodo-timestamp"] }, raw);
          const attempt: Attempt = { headers, body: JSON.parse(raw) as Delivery, raw, verified, status: 0 };
          fake.attempts.push(attempt);
          const answer = (status: number, extra: Record<string, string> = {}) => {
            attempt.status = status;
            res.writeHead(status, { "content-type": "application/json", ...extra }).end("{}");
          };
          if (!verified) return answer(401);
          const failure = fake.failures.shift();
          if (failure) return answer(failure.status, failure.headers);
          const key = headers["idempotency-key"] ?? "";
          if (!fake.keys.has(key)) {
            fake.keys.add(key);
            fake.shown.push(attempt.body);
          }
          answer(200);
        })(),
    );
    await new Promise<void>((resolve) => fake.server!.listen(0, "127.0.0.1", resolve));
    return fake;
  }

  get outgoingUrl(): string {
    const address = this.server?.address();
    if (!address || typeof address === "string") throw new Error("fake chat service not started");
    return `http://127.0.0.1:${address.port}/kyodo`;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** The next deliveries are answered with these statuses, one each, before any succeeds. */
  failNext(...failures: Array<{ status: number; headers?: Record<string, string> }>): void {
    this.failures.push(...failures);
  }

  reset(): void {
    this.attempts.length = 0;
    this.shown.length = 0;
    this.failures.length = 0;
  }

  /** Sends an event to Kyodo, signed now (or as given), and returns Kyodo's answer. */
  async send(
    event: ChatEvent,
    options: { body?: string; headers?: Record<string, string>; nowMs?: number } = {},
  ): Promise<{ status: number; body: unknown }> {
    const body = options.body ?? JSON.stringify(event);
    const response = await fetch(`${this.kyodoUrl}/webhook/chat`, {
      method: "POST",
      headers: options.headers ?? signedHeaders(SECRET, body, options.nowMs),
      body,
    });
    return { status: response.status, body: await response.json().catch(() => undefined) };
  }

  shownIn(conversationId: string): Delivery[] {
    return this.shown.filter((d) => d.conversation.id === conversationId);
  }
}

/** Every text a person reads in a delivery. */
export const textOf = (deliveries: Delivery[]): string => deliveries.map((d) => d.message.text).join("\n");

/** The action that pressing the button labelled `label` sends back. */
export function pressOf(delivery: Delivery, label: string): { actionId: string; value: string } {
  for (const block of delivery.message.blocks) {
    if (block.type !== "choices") continue;
    const choice = (block.choices as Array<{ label: string; value: string }>).find((c) => c.label === label);
    if (choice) return { actionId: block.actionId as string, value: choice.value };
  }
  throw new Error(`no button "${label}" in ${JSON.stringify(delivery.message.blocks)}`);
}

// A sample client of Kyodo's generic chat webhook (contract: scripts/webhook-chat-contract.md), and a
// small terminal chat to try it: lines typed here go to Kyodo as signed events, and Kyodo's replies
// arrive at a local receiver that checks their signature and shows each delivery once.
//
//   npx tsx scripts/webhook-chat-client.ts --kyodo http://127.0.0.1:3000 --listen 4000 --user u-yamada
//   (Kyodo started with WEBHOOK_CHAT_SECRET=<same secret> WEBHOOK_CHAT_OUTGOING_URL=http://127.0.0.1:4000/kyodo)
//
// Type a message ("help", "link ABCD-2345"), or press a button with "!press <actionId> <value>", or
// submit a form with "!form <formId> field=value …". The secret comes from WEBHOOK_CHAT_SECRET.
// Only node: modules are used, so this file can be copied into another project as it is.
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

export const MAX_CLOCK_SKEW_SECONDS = 300;

/** "v1=" + hex(HMAC-SHA256(secret, "v1:" + timestamp + ":" + body)) */
export function sign(secret: string, timestamp: string, body: string): string {
  return `v1=${createHmac("sha256", secret).update(`v1:${timestamp}:${body}`).digest("hex")}`;
}

export function signedHeaders(secret: string, body: string, nowMs = Date.now()): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  return { "content-type": "application/json", "x-kyodo-timestamp": timestamp, "x-kyodo-signature": sign(secret, timestamp, body) };
}

/** Checks a delivery from Kyodo: the signature over the exact body, and a timestamp within five minutes. */
export function verify(secret: string, headers: { signature?: string; timestamp?: string }, body: string, nowMs = Date.now()): boolean {
  const { signature, timestamp } = headers;
  if (!signature || !timestamp || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(Math.floor(nowMs / 1000) - Number(timestamp)) > MAX_CLOCK_SKEW_SECONDS) return false;
  const expected = Buffer.from(sign(secret, timestamp, body));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface ChatEvent {
  eventId: string;
  workspace?: string;
  user: { id: string; name?: string };
  conversation: { id: string; direct?: boolean; threadId?: string };
  text?: string;
  action?: { actionId: string; value: string };
  form?: { formId: string; values: Record<string, string> };
}

/** Sends one event to Kyodo; Kyodo answers 202 (accepted), 200 (a repeat), 400 or 401. */
export async function sendEvent(kyodoUrl: string, secret: string, event: ChatEvent): Promise<{ status: number; body: unknown }> {
  const body = JSON.stringify(event);
  const response = await fetch(`${kyodoUrl.replace(/\/+$/, "")}/webhook/chat`, {
    method: "POST",
    headers: signedHeaders(secret, body),
    body,
  });
  return { status: response.status, body: await response.json().catch(() => undefined) };
}

export interface Delivery {
  deliveryId: string;
  inReplyTo?: string;
  workspace: string;
  conversation: { id: string; direct?: boolean; threadId?: string };
  /** Kyodo's neutral blocks; the client reads only the choices ("choices" blocks) to offer !press lines */
  message: {
    text: string;
    markdown: string;
    blocks: Array<{ type: string; actionId?: string; choices?: Array<{ label: string; value: string }>; [field: string]: unknown }>;
  };
}

/**
 * Receives Kyodo's deliveries: refuses a bad signature with 401, answers 200 to a delivery already
 * seen (same Idempotency-Key) without showing it again, and hands each new one to `onMessage`.
 */
export function startReceiver(options: {
  port: number;
  host?: string;
  secret: string;
  onMessage(delivery: Delivery): void;
}): Promise<Server> {
  const seen = new Set<string>();
  const server = createServer((req, res) => void receive(req, res));
  const receive = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const ok = verify(
      options.secret,
      { signature: req.headers["x-kyodo-signature"] as string, timestamp: req.headers["x-kyodo-timestamp"] as string },
      body,
    );
    if (!ok) {
      res.writeHead(401).end();
      return;
    }
    const key = String(req.headers["idempotency-key"] ?? "");
    if (!seen.has(key)) {
      seen.add(key);
      options.onMessage(JSON.parse(body) as Delivery);
    }
    res.writeHead(200, { "content-type": "application/json" }).end("{}");
  };
  return new Promise((resolve) => server.listen(options.port, options.host ?? "127.0.0.1", () => resolve(server)));
}

/** The buttons of a message, as the "!press" lines that press them. */
export function pressLines(delivery: Delivery): string[] {
  return delivery.message.blocks
    .filter((b) => b.type === "choices")
    .flatMap((b) => (b.choices ?? []).map((c) => `  [${c.label}]  !press ${b.actionId} ${c.value}`));
}

/** "!press flow:language en" and "!form apply count=12 note=…" as events; anything else is text. */
export function eventFromLine(line: string, base: Omit<ChatEvent, "eventId">): ChatEvent {
  const eventId = randomUUID();
  const press = line.match(/^!press\s+(\S+)\s+(.*)$/);
  if (press) return { ...base, eventId, action: { actionId: press[1]!, value: press[2]! } };
  const form = line.match(/^!form\s+(\S+)\s*(.*)$/);
  if (form) {
    const values = Object.fromEntries(
      form[2]!
        .split(/\s+/)
        .filter(Boolean)
        .map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)]),
    );
    return { ...base, eventId, form: { formId: form[1]!, values } };
  }
  return { ...base, eventId, text: line };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      kyodo: { type: "string", default: "http://127.0.0.1:3000" },
      listen: { type: "string", default: "4000" },
      user: { type: "string", default: "u-demo" },
      name: { type: "string" },
      conversation: { type: "string" },
      workspace: { type: "string" },
    },
  });
  const secret = process.env.WEBHOOK_CHAT_SECRET;
  if (!secret) throw new Error("set WEBHOOK_CHAT_SECRET to the secret Kyodo is configured with");
  const base: Omit<ChatEvent, "eventId"> = {
    ...(values.workspace ? { workspace: values.workspace } : {}),
    user: { id: values.user, ...(values.name ? { name: values.name } : {}) },
    conversation: { id: values.conversation ?? `dm:${values.user}`, direct: !values.conversation },
  };
  await startReceiver({
    port: Number(values.listen),
    secret,
    onMessage: (delivery) => console.log(`\n${delivery.message.text}\n${pressLines(delivery).join("\n")}\n`),
  });
  console.log(`Listening for Kyodo on http://127.0.0.1:${values.listen}/ — type a message (Ctrl+D to quit).`);
  const input = createInterface({ input: process.stdin });
  for await (const line of input) {
    if (!line.trim()) continue;
    const result = await sendEvent(values.kyodo, secret, eventFromLine(line.trim(), base));
    if (result.status >= 300) console.log(`Kyodo answered ${result.status}: ${JSON.stringify(result.body)}`);
  }
  process.exit(0);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}

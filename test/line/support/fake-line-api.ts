// A stand-in for the LINE Messaging API on loopback, for tests: the real @line/bot-sdk talks to it over
// HTTP. It checks the bearer token, enforces the limits LINE enforces (5 messages a request, 500
// multicast recipients, 13 quick replies, 300-character postback data, Flex sizes), honours reply
// tokens once and X-Line-Retry-Key as LINE does (409 for a key already accepted), records every call,
// and fails on demand (429, 500, or "accepted but the answer was lost").
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { messagingApi } from "@line/bot-sdk";

type Message = messagingApi.Message;

/** The body of a reply, push or multicast request (LINE's ReplyMessageRequest, PushMessageRequest, MulticastRequest). */
export interface SendRequest {
  messages: Message[];
  replyToken?: string;
  /** one id for a push, a list for a multicast */
  to?: string | string[];
}

export interface RecordedCall {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** parsed JSON, or the raw bytes for uploads: read it as the route's request type (e.g. `as SendRequest`) */
  body: unknown;
  status: number;
  /** when the request arrived (ms since epoch), for checking the gaps between retries */
  at: number;
}

export interface Delivery {
  kind: "reply" | "push" | "multicast";
  /** user, group or room ids (the reply token's source for a reply) */
  to: string[];
  messages: Message[];
  retryKey?: string;
}

export interface Failure {
  status: number;
  /** a 500 whose request LINE nevertheless carried out: the answer was lost on the way back */
  accept?: boolean;
  body?: unknown;
  headers?: Record<string, string>;
  /** never answer: the request hangs as it would in a process killed mid-send */
  hang?: boolean;
  /** fail only requests this picks (default: the next request to the path) */
  when?: (call: RecordedCall) => boolean;
}

export class FakeLineApi {
  readonly token: string;
  readonly calls: RecordedCall[] = [];
  readonly deliveries: Delivery[] = [];
  readonly richMenus = new Map<string, { request: messagingApi.RichMenuRequest; image?: Buffer }>();
  defaultRichMenuId: string | undefined;
  /** Flex messages are refused (400) while this is set, as LINE refuses an invalid one. */
  refuseFlex = false;
  /** How long each answer takes (benchmarks: LINE's own time, which the sender's pacing must live with). */
  latencyMs = 0;
  private server: Server | undefined;
  private readonly usedReplyTokens = new Set<string>();
  private readonly acceptedRetryKeys = new Map<string, string>();
  private readonly failures: Array<{ path: string; failure: Failure }> = [];

  constructor(token = "test-access-token") {
    this.token = token;
  }

  get baseUrl(): string {
    const address = this.server?.address();
    if (!address || typeof address === "string") throw new Error("fake LINE API not started");
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** The next requests to `path` fail as given, one failure per request, in order. */
  failNext(path: string, ...failures: Failure[]): void {
    for (const failure of failures) this.failures.push({ path, failure });
  }

  reset(): void {
    this.calls.length = 0;
    this.deliveries.length = 0;
    this.failures.length = 0;
    this.refuseFlex = false;
  }

  callsTo(path: string): RecordedCall[] {
    return this.calls.filter((c) => c.path === path);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const path = (req.url ?? "/").split("?")[0]!;
    const isJson = (req.headers["content-type"] ?? "").includes("json");
    const body: unknown = isJson && raw.length > 0 ? JSON.parse(raw.toString("utf8")) : raw;
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    const call: RecordedCall = { method: req.method ?? "GET", path, headers, body, status: 0, at: Date.now() };
    this.calls.push(call);
    const answer = (status: number, payload: unknown = {}, extra: Record<string, string> = {}) => {
      call.status = status;
      const send = () => {
        res.writeHead(status, { "content-type": "application/json", ...extra });
        res.end(JSON.stringify(payload));
      };
      if (this.latencyMs > 0) setTimeout(send, this.latencyMs);
      else send();
    };

    if (headers.authorization !== `Bearer ${this.token}`)
      return answer(401, { message: "Authentication failed. Confirm that the access token in the authorization header is valid." });

    const index = this.failures.findIndex((f) => f.path === path && (f.failure.when?.(call) ?? true));
    const failure = index >= 0 ? this.failures.splice(index, 1)[0]!.failure : undefined;
    if (failure?.hang) return;
    if (failure && !failure.accept)
      return answer(failure.status, failure.body ?? { message: `injected ${failure.status}` }, failure.headers);

    const result = this.route(call);
    if (failure?.accept && result.status === 200) return answer(failure.status, { message: "injected: accepted, answer lost" });
    return answer(result.status, result.body, result.headers);
  }

  private route(call: RecordedCall): { status: number; body: unknown; headers?: Record<string, string> } {
    const { method, path, headers } = call;
    if (
      method === "POST" &&
      (path === "/v2/bot/message/reply" || path === "/v2/bot/message/push" || path === "/v2/bot/message/multicast")
    ) {
      const kind = path.slice("/v2/bot/message/".length) as Delivery["kind"];
      const body = call.body as SendRequest;
      const retryKey = headers["x-line-retry-key"];
      if (retryKey && kind === "reply") return { status: 400, body: { message: "X-Line-Retry-Key is not supported for this API" } };
      if (retryKey && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(retryKey))
        return { status: 400, body: { message: "The retry key is invalid" } };
      if (retryKey && this.acceptedRetryKeys.has(retryKey)) {
        return {
          status: 409,
          body: { message: "The retry key is already accepted" },
          headers: { "x-line-accepted-request-id": this.acceptedRetryKeys.get(retryKey)! },
        };
      }
      const problem =
        checkMessages(body.messages) ??
        (this.refuseFlex && body.messages.some((m) => m.type === "flex")
          ? "A message (messages[0]) in the request body is invalid"
          : undefined);
      if (problem) return { status: 400, body: { message: problem } };
      if (kind === "reply") {
        if (!body.replyToken || this.usedReplyTokens.has(body.replyToken)) return { status: 400, body: { message: "Invalid reply token" } };
        this.usedReplyTokens.add(body.replyToken);
      }
      const to = kind === "reply" ? [body.replyToken!] : typeof body.to === "string" && kind === "push" ? [body.to] : body.to;
      if (!Array.isArray(to) || (kind === "multicast" && to.length > 500))
        return { status: 400, body: { message: "The property, 'to', in the request body is invalid (max 500)" } };
      const requestId = randomUUID();
      if (retryKey) this.acceptedRetryKeys.set(retryKey, requestId);
      this.deliveries.push({
        kind,
        to,
        messages: body.messages,
        retryKey,
      });
      return {
        status: 200,
        body: kind === "multicast" ? {} : { sentMessages: body.messages.map(() => ({ id: randomUUID(), quoteToken: "q" })) },
        headers: { "x-line-request-id": requestId },
      };
    }
    if (method === "POST" && path === "/v2/bot/richmenu") {
      const richMenuId = `richmenu-${randomUUID().replace(/-/g, "")}`;
      this.richMenus.set(richMenuId, { request: call.body as messagingApi.RichMenuRequest });
      return { status: 200, body: { richMenuId } };
    }
    const content = path.match(/^\/v2\/bot\/richmenu\/([^/]+)\/content$/);
    if (method === "POST" && content) {
      const menu = this.richMenus.get(content[1]!);
      if (!menu) return { status: 404, body: { message: "Not found" } };
      if (!/^image\/(png|jpeg)$/.test(headers["content-type"] ?? "")) return { status: 415, body: { message: "Unsupported media type" } };
      if (!Buffer.isBuffer(call.body)) return { status: 400, body: { message: "no image" } };
      if (call.body.length > 1024 * 1024) return { status: 400, body: { message: "image too large" } };
      menu.image = call.body;
      return { status: 200, body: {} };
    }
    const setDefault = path.match(/^\/v2\/bot\/user\/all\/richmenu\/([^/]+)$/);
    if (method === "POST" && setDefault) {
      if (!this.richMenus.get(setDefault[1]!)?.image)
        return { status: 400, body: { message: "must upload richmenu image before applying it to user" } };
      this.defaultRichMenuId = setDefault[1]!;
      return { status: 200, body: {} };
    }
    if (method === "GET" && path === "/v2/bot/richmenu/list") {
      return { status: 200, body: { richmenus: [...this.richMenus].map(([richMenuId, m]) => ({ richMenuId, ...m.request })) } };
    }
    const remove = path.match(/^\/v2\/bot\/richmenu\/([^/]+)$/);
    if (method === "DELETE" && remove) {
      return this.richMenus.delete(remove[1]!) ? { status: 200, body: {} } : { status: 404, body: { message: "Not found" } };
    }
    return { status: 404, body: { message: "Not found" } };
  }
}

/** What LINE would refuse in a list of messages, or undefined when all is within its limits. */
export function checkMessages(messages: Message[] | undefined): string | undefined {
  if (!Array.isArray(messages) || messages.length === 0 || messages.length > 5) return "messages: 1 to 5 messages";
  for (const [i, m] of messages.entries()) {
    if (m.type === "text" && (typeof m.text !== "string" || m.text.length === 0 || m.text.length > 5000))
      return `messages[${i}].text: 1 to 5000 characters`;
    if (m.type === "flex") {
      if (typeof m.altText !== "string" || m.altText.length === 0 || m.altText.length > 400)
        return `messages[${i}].altText: 1 to 400 characters`;
      const c = m.contents;
      if (c.type === "bubble" && Buffer.byteLength(JSON.stringify(c)) > 30 * 1024) return `messages[${i}]: bubble over 30 KB`;
      if (c.type === "carousel") {
        if (c.contents.length > 12) return `messages[${i}]: carousel over 12 bubbles`;
        if (Buffer.byteLength(JSON.stringify(c)) > 50 * 1024) return `messages[${i}]: carousel over 50 KB`;
        if (c.contents.some((b) => Buffer.byteLength(JSON.stringify(b)) > 30 * 1024)) return `messages[${i}]: bubble over 30 KB`;
      }
      if (JSON.stringify(c).includes('"text":""')) return `messages[${i}]: empty text component`;
    }
    const items = m.quickReply?.items;
    if (items) {
      if (items.length > 13) return `messages[${i}].quickReply.items: at most 13`;
      for (const item of items) {
        const a = item.action;
        if (!a?.label || a.label.length > 20) return `messages[${i}].quickReply: label 1 to 20 characters`;
        if (a.type !== "postback") continue;
        if (!a.data || a.data.length > 300) return `messages[${i}].quickReply: postback data 1 to 300 characters`;
        if (a.displayText && a.displayText.length > 300) return `messages[${i}].quickReply: displayText up to 300 characters`;
      }
    }
  }
  return undefined;
}

// A fake Slack on loopback for end-to-end tests: the Web API methods Kyodo calls (answered the way Slack
// answers them, including "invalid_blocks" for payloads over Slack's limits), response URLs, and the
// external file upload (files.getUploadURLExternal, an upload URL that takes the bytes,
// files.completeUploadExternal). It records every call and every uploaded file, refuses an image block
// naming a file that was not uploaded and completed, and can be told to fail the next call of a method
// (a 429 with Retry-After, a Slack error code; "upload_url" for the upload itself) or to answer slowly.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { blockKitProblems, viewProblems } from "./block-kit-limits.ts";
import type { ApiArgs, ApiResult, BlockJson, ResponseBody, ViewJson } from "./slack-wire.ts";

export type * from "./slack-wire.ts";
export { elementsIn, inputBlocks, inputOption, labelOf, optionsOf } from "./slack-wire.ts";

export const BOT_TOKEN = "xoxb-test-token";
export const APP_TOKEN = "xapp-1-test-token";
export const BOT_USER = "UBOT";

export interface ApiCall {
  method: string;
  args: ApiArgs;
  at: number;
  /** its place among all calls (see mark()) */
  seq: number;
  /** limit violations found in the blocks or view of this call */
  problems: string[];
  /** what the fake answered */
  result?: ApiResult;
}

export interface ResponseUrlPost {
  id: string;
  body: ResponseBody;
  at: number;
  problems: string[];
}

export interface UploadedFile {
  id: string;
  filename: string;
  /** the length announced to files.getUploadURLExternal */
  length: number;
  altText?: string;
  title?: string;
  /** what reached the upload URL */
  bytes?: Buffer;
  completed: boolean;
}

export type Failure = { status: 429; retryAfter: number } | { error: string } | { status: number; body?: string };

const JSON_FIELDS = ["blocks", "view", "attachments", "metadata", "files"];

export class FakeSlack {
  readonly calls: ApiCall[] = [];
  readonly responses: ResponseUrlPost[] = [];
  /** the Home tab last published for each user */
  readonly homes = new Map<string, ViewJson>();
  /** files by id, in the order their upload began */
  readonly files = new Map<string, UploadedFile>();
  private readonly failures = new Map<string, Failure[]>();
  private readonly delays = new Map<string, number>();
  private counter = 0;
  private server!: Server;
  url = "";
  /** what apps.connections.open hands out (Socket Mode), when a test runs a socket server */
  socketUrl = "";

  static async start(): Promise<FakeSlack> {
    const fake = new FakeSlack();
    fake.server = createServer((req, res) => void fake.handle(req, res));
    await new Promise<void>((resolve) => fake.server.listen(0, "127.0.0.1", resolve));
    fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}/`;
    return fake;
  }

  get apiUrl(): string {
    return `${this.url}api/`;
  }

  /** A response URL as Slack puts in slash commands and interactions (one per delivery). */
  responseUrl(id = `r${++this.counter}`): string {
    return `${this.url}response/${id}`;
  }

  /** The next call to `method` (a Web API method or "response_url") fails this way. */
  failNext(method: string, failure: Failure): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), failure]);
  }

  /** Calls to `method` are answered after `ms`. */
  delay(method: string, ms: number): void {
    this.delays.set(method, ms);
  }

  callsTo(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }
  /** Where the calls stand now: calls made from here on have `seq >= mark()`. A time would not do: the
   *  answer to the previous step can be recorded in the same millisecond as the next step starts. */
  mark(): number {
    return this.calls.length;
  }
  /** The messages posted into `channel` (chat.postMessage), those since `after` (a mark()) when given. */
  postsTo(channel: string, after = 0): ApiCall[] {
    return this.callsTo("chat.postMessage").filter((c) => (c.args as { channel?: unknown }).channel === channel && c.seq >= after);
  }

  responsesTo(url: string): ResponseUrlPost[] {
    const id = url.slice(url.lastIndexOf("/") + 1);
    return this.responses.filter((r) => r.id === id);
  }

  /** The blocks shown to people since `at`: posts to response URLs, then posted messages. */
  shownSince(at: number): BlockJson[][] {
    return [
      ...this.responses.filter((r) => r.at >= at).map((r) => r.body.blocks ?? []),
      ...this.callsTo("chat.postMessage")
        .filter((c) => c.at >= at)
        .map((c) => c.args.blocks ?? []),
    ];
  }

  /** Every limit violation seen so far, across all calls and response URL posts. */
  get problems(): string[] {
    return [...this.calls, ...this.responses].flatMap((c) => c.problems);
  }

  /** Waits until `probe` returns something truthy (Kyodo answers after acknowledging). */
  async waitFor<T>(probe: () => T | undefined | false | null, timeoutMs = 5000): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value) return value;
      if (Date.now() > until) throw new Error("fake Slack: waited in vain");
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Gives Kyodo a moment to make calls it should not make, before asserting that it did not. */
  async settle(ms = 300): Promise<void> {
    await new Promise((r) => setTimeout(r, ms));
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    const raw = bytes.toString("utf8");
    const path = new URL(req.url ?? "/", this.url).pathname;
    const requestId = `fake-req-${++this.counter}`;
    res.setHeader("x-slack-req-id", requestId);
    if (path.startsWith("/response/")) return this.responseUrlPost(path.slice("/response/".length), raw, res);
    if (path.startsWith("/upload/")) return this.uploadPost(path.slice("/upload/".length), bytes, res);
    if (!path.startsWith("/api/")) return void res.writeHead(404).end();
    const method = path.slice("/api/".length);
    const args = parseArgs(raw, req.headers["content-type"]);
    const problems =
      method === "views.open" || method === "views.publish" || method === "views.update"
        ? viewProblems({ ...args.view })
        : args.blocks
          ? [...blockKitProblems(args.blocks, "message"), ...this.fileProblems(args.blocks)]
          : [];
    const call: ApiCall = { method, args, at: Date.now(), seq: this.calls.length, problems };
    this.calls.push(call);
    await this.wait(method);
    // Socket Mode connects with the app-level token; everything else uses the bot token.
    const token = method === "apps.connections.open" ? APP_TOKEN : BOT_TOKEN;
    if (req.headers.authorization !== `Bearer ${token}`) return json(res, { ok: false, error: "invalid_auth" });
    const failure = this.takeFailure(method);
    if (failure) return fail(res, failure);
    if (problems.length > 0) return json(res, { ok: false, error: "invalid_blocks", errors: problems });
    call.result = this.answer(method, args);
    json(res, call.result);
  }

  private async responseUrlPost(id: string, raw: string, res: ServerResponse): Promise<void> {
    const body = JSON.parse(raw) as ResponseBody;
    const problems = body.blocks ? [...blockKitProblems(body.blocks, "message"), ...this.fileProblems(body.blocks)] : [];
    this.responses.push({ id, body, at: Date.now(), problems });
    await this.wait("response_url");
    const failure = this.takeFailure("response_url");
    if (failure) return fail(res, failure);
    res.writeHead(200, { "content-type": "text/plain" }).end("ok");
  }

  /** The upload URL: Slack's file service takes the raw bytes and answers "OK - <size>". */
  private async uploadPost(id: string, bytes: Buffer, res: ServerResponse): Promise<void> {
    await this.wait("upload_url");
    const failure = this.takeFailure("upload_url");
    if (failure) return fail(res, failure);
    const file = this.files.get(id);
    if (!file || file.completed) return void res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    file.bytes = bytes;
    res.writeHead(200, { "content-type": "text/plain" }).end(`OK - ${bytes.length}`);
  }

  /** Image blocks may name only files uploaded, completed and of the announced size (Slack: "invalid slack file"). */
  private fileProblems(blocks: unknown): string[] {
    if (!Array.isArray(blocks)) return [];
    return (blocks as Array<BlockJson | null>).flatMap((b, i) => {
      const id = b?.type === "image" ? b.slack_file?.id : undefined;
      if (typeof id !== "string") return [];
      const file = this.files.get(id);
      return file?.completed && file.bytes?.length === file.length ? [] : [`blocks[${i}].slack_file: invalid slack file ${id}`];
    });
  }

  private answer(method: string, args: ApiArgs): ApiResult {
    const n = ++this.counter;
    switch (method) {
      case "auth.test":
        return {
          ok: true,
          url: "https://kyodo-test.slack.com/",
          team: "Kyodo Test",
          user: "kyodo",
          team_id: "T0001",
          user_id: BOT_USER,
          bot_id: "BBOT",
        };
      case "chat.postMessage": {
        const ts = `${1_700_000_000 + n}.000100`;
        return {
          ok: true,
          channel: args.channel,
          ts,
          message: { type: "message", user: BOT_USER, bot_id: "BBOT", text: args.text, blocks: args.blocks, ts },
        };
      }
      case "chat.postEphemeral":
        return { ok: true, message_ts: `${1_700_000_000 + n}.000200` };
      case "chat.update":
        return { ok: true, channel: args.channel, ts: args.ts, text: args.text, message: { text: args.text, blocks: args.blocks } };
      case "apps.connections.open":
        return this.socketUrl ? { ok: true, url: this.socketUrl } : { ok: false, error: "not_allowed_token_type" };
      case "conversations.open":
        return { ok: true, channel: { id: `D${String(args.users).slice(1)}` } };
      case "views.open":
      case "views.update":
        if (!args.view) return { ok: false, error: "invalid_arguments" };
        return { ok: true, view: { ...args.view, id: `V${n}`, hash: `${n}.hash` } };
      case "views.publish": {
        if (!args.view || !args.user_id) return { ok: false, error: "invalid_arguments" };
        const view = { ...args.view, id: `VHOME${args.user_id}`, hash: `${n}.hash` };
        this.homes.set(args.user_id, view);
        return { ok: true, view };
      }
      case "files.getUploadURLExternal": {
        const length = Number(args.length);
        if (typeof args.filename !== "string" || args.filename.length === 0) return { ok: false, error: "invalid_arguments" };
        if (!Number.isInteger(length) || length <= 0) return { ok: false, error: "invalid_arguments" };
        const id = `F${String(n).padStart(10, "0")}`;
        this.files.set(id, { id, filename: args.filename, length, altText: args.alt_txt, completed: false });
        return { ok: true, upload_url: `${this.url}upload/${id}`, file_id: id };
      }
      case "files.completeUploadExternal": {
        const files = args.files;
        if (!Array.isArray(files) || files.length === 0) return { ok: false, error: "invalid_arguments" };
        for (const f of files) {
          const file = this.files.get(String(f.id));
          if (!file || !file.bytes) return { ok: false, error: "file_not_found" };
          if (file.bytes.length !== file.length) return { ok: false, error: "file_upload_size_mismatch" };
        }
        return {
          ok: true,
          files: files.map((f) => {
            const file = this.files.get(String(f.id))!;
            file.completed = true;
            file.title = f.title;
            // Without channel_id the file is shared nowhere: private to the uploader.
            return {
              id: file.id,
              name: file.filename,
              title: f.title ?? file.filename,
              mimetype: "image/png",
              size: file.length,
              channels: [],
              groups: [],
              ims: [],
            };
          }),
        };
      }
      default:
        return { ok: false, error: "unknown_method" };
    }
  }

  private takeFailure(method: string): Failure | undefined {
    const queue = this.failures.get(method);
    return queue?.shift();
  }

  private async wait(method: string): Promise<void> {
    const ms = this.delays.get(method);
    if (ms) await new Promise((r) => setTimeout(r, ms));
  }
}

/** The call's arguments, read as the Web API arguments Kyodo sends (the JSON boundary of the fake). */
function parseArgs(raw: string, contentType: string | undefined): ApiArgs {
  if ((contentType ?? "").includes("application/json")) return raw ? (JSON.parse(raw) as ApiArgs) : {};
  const args: Record<string, unknown> = Object.fromEntries(new URLSearchParams(raw));
  // The Web API client sends objects as JSON strings inside the form.
  for (const field of JSON_FIELDS) {
    const value = args[field];
    if (typeof value === "string") args[field] = JSON.parse(value);
  }
  return args;
}

function json(res: ServerResponse, body: ApiResult): void {
  res.writeHead(200, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(body));
}

function fail(res: ServerResponse, failure: Failure): void {
  if ("error" in failure) return json(res, { ok: false, error: failure.error });
  if (failure.status === 429)
    return void res.writeHead(429, { "retry-after": String((failure as { retryAfter: number }).retryAfter) }).end();
  res.writeHead(failure.status, { "content-type": "text/plain" }).end((failure as { body?: string }).body ?? "error");
}

// What reaches the Mattermost adapter from outside is read through zod schemas (callback-schema.ts), never with
// `JSON.parse(...) as T`: a slash command, a button callback or a WebSocket event of an unexpected shape is
// refused with 400 (or, on the WebSocket, ignored) and a log line, and never reaches the engine or crashes it.
import { pino } from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ContextSigner, type ButtonPayload } from "../../src/adapters/mattermost/action-context.ts";
import { MattermostAdapter } from "../../src/adapters/mattermost/mattermost-adapter.ts";
import type { InboundEvent } from "../../src/engine/messages.ts";
import { createHttpApp, finishRoutes, listen, type HttpServer } from "../../src/http/server.ts";
import { BOT_TOKEN, COMMAND_TOKEN, FakeMattermost } from "./support/fake-mattermost.ts";

interface LogLine {
  level: number;
  msg: string;
  reason?: string;
}

let mm: FakeMattermost;
let adapter: MattermostAdapter;
let http: HttpServer;
const received: InboundEvent[] = [];
const logs: LogLine[] = [];
const logger = pino({ level: "debug" }, { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) });

beforeAll(async () => {
  mm = await FakeMattermost.start();
  adapter = new MattermostAdapter({
    url: mm.url,
    botToken: BOT_TOKEN,
    commandTokens: [COMMAND_TOKEN],
    callbackUrl: "http://127.0.0.1:9",
    websocket: true,
    reconnectMs: 50,
    logger,
    locale: "ja",
  });
  const app = createHttpApp({} as never, logger);
  adapter.mount(app);
  finishRoutes(app);
  http = await listen(app, 0, "127.0.0.1");
  mm.kyodoUrl = `http://127.0.0.1:${http.port}`;
  await adapter.start((event) => {
    received.push(event);
    return Promise.resolve([{ text: "ok", blocks: [{ type: "text" as const, text: "ok" }] }]);
  });
  await adapter.directMessages?.ready;
});
afterAll(async () => {
  await adapter?.stop();
  await http?.close();
  await mm?.close();
});
beforeEach(() => {
  received.length = 0;
  logs.length = 0;
  mm.reset();
});

const warned = (text: string) => logs.filter((l) => l.level === 40 && l.msg.includes(text));

describe("Mattermost inbound payloads are read through schemas", () => {
  it("a JSON slash command whose text is not a string is refused with 400 and a log line", async () => {
    const kimura = mm.person("kimura");
    const response = await fetch(`${mm.kyodoUrl}/mattermost/command`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token: COMMAND_TOKEN, user_id: kimura.id, channel_id: mm.dmOf(kimura).id, text: { lang: "en" } }),
    });
    expect(response.status).toBe(400);
    expect(warned("mattermost command with an unexpected shape refused")).toHaveLength(1);
    expect(received).toEqual([]);
  });

  it("a button whose signed context is not of this version's shape is refused with 400 and a log line", async () => {
    const kimura = mm.person("kimura");
    const dm = mm.dmOf(kimura);
    // Signed with Kyodo's key (as a post from an older Kyodo would be), but without the action and value.
    const old = { c: dm.id, d: 1, i: "k1", k: "act" } as unknown as ButtonPayload;
    const context = new ContextSigner(BOT_TOKEN).context(old);
    const response = await fetch(`${mm.kyodoUrl}/mattermost/actions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ user_id: kimura.id, channel_id: dm.id, post_id: "p1", context }),
    });
    expect(response.status).toBe(400);
    expect(warned("signed context of an unknown shape")).toHaveLength(1);
    expect(received).toEqual([]);
  });

  it("a WebSocket post of an unexpected shape is ignored with a log line; the socket keeps working", async () => {
    const kimura = mm.person("kimura");
    const dm = mm.dmOf(kimura);
    mm.sendRaw("{not json");
    const post = { id: "p-bad", channel_id: dm.id, user_id: kimura.id, message: { text: "help" } };
    mm.sendRaw(JSON.stringify({ event: "posted", data: { channel_type: "D", post: JSON.stringify(post) } }));
    mm.dm(kimura, "help");
    await expect.poll(() => received.length).toBe(1);
    await adapter.idle();
    expect(received.map((e) => (e.kind === "text" ? e.text : e.kind))).toEqual(["help"]);
    expect(warned("websocket event of an unexpected shape ignored")).toHaveLength(1);
    expect(warned("direct post of an unexpected shape ignored")).toHaveLength(1);
    expect(logs.filter((l) => l.level >= 50)).toEqual([]);
  });

  it("an answer of Mattermost's REST API in another shape is a failed call, not a post taken as sent", async () => {
    const group = mm.channel("sokai-members");
    const ref = { platform: "mattermost", workspace: new URL(mm.url).host, conversationId: group.id };
    // 200, but not a post: no channel_id (a proxy or an incompatible server).
    mm.failNext("POST", /^\/api\/v4\/posts$/, 200);
    await expect(adapter.post(ref, { text: "お知らせ", blocks: [{ type: "text", text: "お知らせです。" }] })).rejects.toThrow(
      "unexpected_response",
    );
  });
});

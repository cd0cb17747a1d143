// How the LINE channel sends: multicast batches, retry keys that make a retry safe, backoff on 429,
// reply retries that never turn into a second delivery, quick-reply paging, long button payloads kept
// on the server, and the plain-text fallback. A real engine and database behind the real adapter, with
// short backoff delays so the suite stays fast; LINE is the fake on loopback.
import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import { messagingApi } from "@line/bot-sdk";
import express from "express";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { LineAdapter } from "../../src/adapters/line/line-adapter.ts";
import { LineSender } from "../../src/adapters/line/line-sender.ts";
import { silentLogger } from "../../src/config/logger.ts";
import type { ConversationRef, OutboundMessage } from "../../src/engine/messages.ts";
import { DbActionPayloadStore } from "../../src/storage/action-payloads.ts";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";
import { FakeLineApi, type RecordedCall, type SendRequest } from "./support/fake-line-api.ts";
import { deliveredText, flexOf, quickReplyItems, readable, textOf } from "./support/line-kyodo.ts";
import { CHANNEL_SECRET, postbackEvent, postWebhook, textEvent } from "./support/line-webhook.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let kyodo: TestKyodo;
let line: FakeLineApi;
let adapter: LineAdapter;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  kyodo = await startTestKyodo({}, { http: false });
  line = await new FakeLineApi().start();
  adapter = new LineAdapter({
    channelSecret: CHANNEL_SECRET,
    channelAccessToken: line.token,
    apiBaseUrl: line.baseUrl,
    payloads: new DbActionPayloadStore(kyodo.db),
    logger: silentLogger(),
    retry: { attempts: 4, baseDelayMs: 5, maxDelayMs: 40 },
    // The outbox's sends try once by default (the outbox retries); these tests check what a client's
    // own retries of one request do with its retry key, so they allow a few.
    outboxRetry: { attempts: 4, baseDelayMs: 5, maxDelayMs: 40, maxTotalMs: 5_000 },
  });
  await adapter.start((event) => kyodo.engine.handle(event));
  const app = express();
  app.post("/line/webhook", ...adapter.webhookHandlers());
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  const address = server.address();
  baseUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});
afterAll(async () => {
  await adapter.stop();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await line.stop();
  await kyodo.dispose();
});
beforeEach(() => line.reset());

async function send(...events: object[]): Promise<void> {
  expect((await postWebhook(baseUrl, events)).status).toBe(200);
  await adapter.idle();
}

const text = (body: string): OutboundMessage => ({ text: body, blocks: [{ type: "text", text: body }] });
const users = (n: number) => Array.from({ length: n }, (_, i) => `U${String(i).padStart(32, "0")}`);
/** A multicast request as the fake received it: `to` is the list of user ids. */
const multicast = (call: RecordedCall) => call.body as SendRequest & { to: string[] };
const dm = (ids: string[]): ConversationRef[] => ids.map((conversationId) => ({ platform: "line", workspace: "W", conversationId }));

describe("multicast", () => {
  it("sends in batches of at most 500, each with its own retry key, each user once", async () => {
    expect(adapter.multicastLimit).toBe(500);
    const ids = users(1201);
    const key = randomUUID();
    await adapter.multicast(dm([...ids, ...ids.slice(0, 50)]), text("総会の資料を掲載しました。"), key);
    const calls = line.callsTo("/v2/bot/message/multicast");
    expect(calls.map((c) => multicast(c).to.length)).toEqual([500, 500, 201]);
    expect(calls.flatMap((c) => multicast(c).to).sort()).toEqual([...ids].sort());
    const keys = calls.map((c) => c.headers["x-line-retry-key"]);
    // The caller's key is the first request's; the others are derived from it.
    expect(keys[0]).toBe(key);
    for (const k of keys) expect(k).toMatch(UUID);
    expect(new Set(keys).size).toBe(3);
  });

  it("splits a message longer than five LINE messages over several requests per batch", async () => {
    const long = Array.from({ length: 26 }, (_, i) => `${i}`.padEnd(999, "あ")).join("\n");
    await adapter.multicast(dm(users(600)), text(long));
    const calls = line.callsTo("/v2/bot/message/multicast");
    expect(calls.map((c) => [multicast(c).to.length, multicast(c).messages.length])).toEqual([
      [500, 5],
      [500, 1],
      [100, 5],
      [100, 1],
    ]);
    for (const c of calls) for (const m of multicast(c).messages) expect(textOf(m).length).toBeLessThanOrEqual(5000);
    expect(new Set(calls.map((c) => c.headers["x-line-retry-key"])).size).toBe(4);
  });

  it("pushes to a group among the recipients, since multicast reaches users only", async () => {
    await adapter.multicast(dm(["U-one", "C-board", "U-two"]), text("幹事会のお知らせ"));
    expect(line.deliveries.map((d) => [d.kind, d.to])).toEqual([
      ["multicast", ["U-one", "U-two"]],
      ["push", ["C-board"]],
    ]);
  });

  it("backs off on 429 and retries the batch with the same retry key", async () => {
    line.failNext(
      "/v2/bot/message/multicast",
      { status: 429, body: { message: "Too many requests" } },
      { status: 429, body: { message: "Too many requests" } },
    );
    await adapter.multicast(dm(users(700)), text("お知らせ"));
    const calls = line.callsTo("/v2/bot/message/multicast");
    expect(calls.map((c) => c.status)).toEqual([429, 429, 200, 200]);
    expect(calls[1]!.headers["x-line-retry-key"]).toBe(calls[0]!.headers["x-line-retry-key"]);
    expect(calls[2]!.headers["x-line-retry-key"]).toBe(calls[0]!.headers["x-line-retry-key"]);
    expect(line.deliveries.map((d) => d.to.length)).toEqual([500, 200]);
  });

  it("never delivers twice when LINE accepted a request but its answer was lost", async () => {
    line.failNext("/v2/bot/message/multicast", { status: 500, accept: true });
    await adapter.multicast(dm(users(3)), text("一度だけ届くこと"));
    const calls = line.callsTo("/v2/bot/message/multicast");
    expect(calls.map((c) => c.status)).toEqual([500, 409]);
    expect(calls[1]!.headers["x-line-retry-key"]).toBe(calls[0]!.headers["x-line-retry-key"]);
    expect(line.deliveries).toHaveLength(1);
  });

  it("repeating a failed multicast with the same key sends only what LINE did not accept", async () => {
    const ids = users(800);
    const key = randomUUID();
    // The first batch (500) goes through; the second (300) fails every attempt.
    const secondBatch = (call: RecordedCall) => multicast(call).to.length === 300;
    line.failNext("/v2/bot/message/multicast", ...[1, 2, 3, 4].map(() => ({ status: 503, when: secondBatch })));
    await expect(adapter.multicast(dm(ids), text("資料"), key)).rejects.toMatchObject({ status: 503 });
    expect(line.deliveries.map((d) => d.to.length)).toEqual([500]);
    // The caller (the outbox) repeats the whole send with its key: LINE recognises batch one (409).
    await adapter.multicast(dm(ids), text("資料"), key);
    expect(line.deliveries.map((d) => d.to.length)).toEqual([500, 300]);
    const calls = line.callsTo("/v2/bot/message/multicast");
    expect(calls.map((c) => c.status)).toEqual([200, 503, 503, 503, 503, 409, 200]);
    expect(calls[5]!.headers["x-line-retry-key"]).toBe(key);
    // Another send of the same text with another key is another message.
    await adapter.multicast(dm(ids.slice(0, 2)), text("資料"), randomUUID());
    expect(line.deliveries).toHaveLength(3);
  });

  it("does not retry when the monthly message quota is used up", async () => {
    line.failNext("/v2/bot/message/multicast", { status: 429, body: { message: "You have reached your monthly limit." } });
    await expect(adapter.multicast(dm(users(2)), text("上限"))).rejects.toMatchObject({ status: 429 });
    expect(line.callsTo("/v2/bot/message/multicast")).toHaveLength(1);
  });
});

describe("push and reply", () => {
  it("push retries a lost answer with the same key and LINE's 409 ends it", async () => {
    line.failNext("/v2/bot/message/push", { status: 500, accept: true }, { status: 502 });
    await adapter.post({ platform: "line", workspace: "W", conversationId: "C-group" }, text("幹事会の日程が決まりました。"));
    const calls = line.callsTo("/v2/bot/message/push");
    expect(calls.map((c) => c.status)).toEqual([500, 502, 409]);
    expect(new Set(calls.map((c) => c.headers["x-line-retry-key"])).size).toBe(1);
    expect(line.deliveries).toHaveLength(1);
    expect(line.deliveries[0]!.to).toEqual(["C-group"]);
  });

  it("uses the caller's retry key for a post, so the caller's own retry is recognised", async () => {
    const key = randomUUID();
    const ref = { platform: "line", workspace: "W", conversationId: "U-outbox" };
    await adapter.post(ref, text("リマインダー"), key);
    await adapter.post(ref, text("リマインダー"), key);
    expect(line.callsTo("/v2/bot/message/push").map((c) => [c.status, c.headers["x-line-retry-key"]])).toEqual([
      [200, key],
      [409, key],
    ]);
    expect(line.deliveries).toHaveLength(1);
    // A key that is not a UUID (LINE would refuse it) becomes one, the same one each time.
    line.reset();
    await adapter.post(ref, text("別の通知"), "delivery:reminder:42");
    await adapter.post(ref, text("別の通知"), "delivery:reminder:42");
    const keys = line.callsTo("/v2/bot/message/push").map((c) => c.headers["x-line-retry-key"]);
    expect(keys[0]).toMatch(UUID);
    expect(keys[1]).toBe(keys[0]);
    expect(line.deliveries).toHaveLength(1);
  });

  it("gives up after the configured attempts, every one with the same key", async () => {
    line.failNext("/v2/bot/message/push", ...[1, 2, 3, 4].map(() => ({ status: 500 })));
    await expect(adapter.post({ platform: "line", workspace: "W", conversationId: "U-x" }, text("x"))).rejects.toThrow();
    const calls = line.callsTo("/v2/bot/message/push");
    expect(calls).toHaveLength(4);
    expect(new Set(calls.map((c) => c.headers["x-line-retry-key"])).size).toBe(1);
  });

  it("replies with the first five messages and pushes the rest", async () => {
    const sender = new LineSender({
      client: new messagingApi.MessagingApiClient({ channelAccessToken: line.token, baseURL: line.baseUrl }),
      logger: silentLogger(),
    });
    const messages = Array.from({ length: 7 }, (_, i) => ({ type: "text" as const, text: `${i + 1}件目` }));
    expect(await sender.deliver({ to: "U-many", replyToken: "b".repeat(32), eventTime: Date.now() }, messages)).toBe("reply");
    expect(line.deliveries.map((d) => [d.kind, d.messages.length])).toEqual([
      ["reply", 5],
      ["push", 2],
    ]);
    expect(line.deliveries.flatMap((d) => d.messages.map(textOf))).toEqual(messages.map((m) => m.text));
  });

  it("retries a reply after 429 and sends it once", async () => {
    line.failNext("/v2/bot/message/reply", { status: 429 });
    await send(textEvent({ userId: "U-r1", text: "help" }));
    expect(line.callsTo("/v2/bot/message/reply").map((c) => c.status)).toEqual([429, 200]);
    expect(line.callsTo("/v2/bot/message/push")).toEqual([]);
    expect(line.deliveries).toHaveLength(1);
  });

  it("does not push after a reply whose outcome is unknown", async () => {
    // LINE carried out the reply but the answer was lost; the retry then finds the token used.
    line.failNext("/v2/bot/message/reply", { status: 500, accept: true });
    await send(textEvent({ userId: "U-r2", text: "help" }));
    expect(line.callsTo("/v2/bot/message/reply").map((c) => c.status)).toEqual([500, 400]);
    expect(line.callsTo("/v2/bot/message/push")).toEqual([]);
    expect(line.deliveries).toHaveLength(1);
  });

  it("sends a card as plain text when LINE refuses the Flex Message", async () => {
    line.refuseFlex = true;
    const card: OutboundMessage = {
      text: "幹事会の委員",
      blocks: [
        { type: "header", text: "幹事会の委員" },
        {
          type: "table",
          columns: ["団体", "委員"],
          rows: [
            ["千葉市", "佐藤 一郎"],
            ["銚子市", "高橋 美咲"],
          ],
        },
      ],
    };
    await adapter.post({ platform: "line", workspace: "W", conversationId: "U-plain" }, card);
    const calls = line.callsTo("/v2/bot/message/push");
    expect(calls.map((c) => c.status)).toEqual([400, 200]);
    expect(calls[1]!.headers["x-line-retry-key"]).not.toBe(calls[0]!.headers["x-line-retry-key"]);
    const text = textOf(line.deliveries[0]!.messages[0]);
    expect(text).toContain("【幹事会の委員】");
    expect(text).toContain("銚子市  高橋 美咲");
  });
});

describe("rendering within LINE's limits", () => {
  const choices = (n: number) => Array.from({ length: n }, (_, i) => ({ label: `選択肢${i + 1}`, value: "help" }));

  it("offers 13 quick replies at most and pages the rest behind a 'more' button", async () => {
    const message: OutboundMessage = {
      text: "選んでください",
      blocks: [{ type: "choices", actionId: "cmd", prompt: "選んでください", choices: choices(30) }],
    };
    await adapter.post({ platform: "line", workspace: "W", conversationId: "U-pager" }, message);
    const labels: string[] = [];
    let items = quickReplyItems(line.deliveries[0]);
    for (let page = 0; page < 5 && items.length > 0; page++) {
      expect(items.length).toBeLessThanOrEqual(13);
      for (const item of items) expect(item.data.length).toBeLessThanOrEqual(300);
      const more = items.find((i) => i.data.startsWith("m|"));
      labels.push(...items.filter((i) => i !== more).map((i) => i.label));
      if (!more) break;
      expect(more.label).toBe("次へ / More");
      expect(items.at(-1)).toBe(more);
      line.reset();
      await send(postbackEvent({ userId: "U-pager", data: more.data }));
      expect(textOf(line.deliveries[0]!.messages[0])).toBe("選んでください");
      items = quickReplyItems(line.deliveries[0]);
    }
    expect(labels).toEqual(choices(30).map((c) => c.label));
    // A choice from the last page still works: it runs the command.
    line.reset();
    await send(postbackEvent({ userId: "U-pager", data: items[0]!.data }));
    expect(deliveredText(line.deliveries)).toContain("/kyodo link");
  });

  it("keeps an action longer than postback data allows on the server and sends a key", async () => {
    const value = `help${" ".repeat(400)}`;
    await adapter.post(
      { platform: "line", workspace: "W", conversationId: "U-long" },
      {
        text: "長い",
        blocks: [{ type: "choices", actionId: "cmd", choices: [{ label: "ヘルプを表示するためのとても長いボタンの名前です", value }] }],
      },
    );
    const [item] = quickReplyItems(line.deliveries[0]);
    expect(item!.data).toMatch(/^k\|[\w-]{16}$/);
    expect(item!.label).toHaveLength(20);
    expect(item!.label.endsWith("…")).toBe(true);
    expect(item!.displayText).toBe("ヘルプを表示するためのとても長いボタンの名前です");
    const stored = await kyodo.db.actionPayload.findUnique({ where: { key: item!.data.slice(2) } });
    expect(stored).toMatchObject({ actionId: "cmd", value });
    line.reset();
    await send(postbackEvent({ userId: "U-long", data: item!.data }));
    expect(deliveredText(line.deliveries)).toContain("/kyodo link");
  });

  it("asks for confirmation before a choice that needs it", async () => {
    await adapter.post(
      { platform: "line", workspace: "W", conversationId: "U-confirm" },
      {
        text: "確認",
        blocks: [
          {
            type: "choices",
            actionId: "cmd",
            confirm: { title: "確認", text: "ヘルプを表示しますか？" },
            choices: [{ label: "ヘルプ", value: "help" }],
          },
        ],
      },
    );
    const [item] = quickReplyItems(line.deliveries[0]);
    expect(item!.data).toMatch(/^c\|/);
    line.reset();
    await send(postbackEvent({ userId: "U-confirm", data: item!.data }));
    expect(textOf(line.deliveries[0]!.messages[0])).toBe("確認\nヘルプを表示しますか？");
    const [ok, cancel] = quickReplyItems(line.deliveries[0]);
    expect(cancel!.label).toBe("キャンセル / Cancel");
    line.reset();
    await send(postbackEvent({ userId: "U-confirm", data: cancel!.data }));
    expect(line.calls).toEqual([]);
    await send(postbackEvent({ userId: "U-confirm", data: ok!.data }));
    expect(deliveredText(line.deliveries)).toContain("/kyodo link");
  });

  it("falls back to plain text when a table is too long for a carousel of 12", async () => {
    const rows = Array.from({ length: 400 }, (_, i) => [`${100000 + i}`, `団体${i}`, "市"]);
    const message: OutboundMessage = {
      text: "一覧",
      blocks: [
        { type: "header", text: "一覧" },
        { type: "table", columns: ["コード", "名称", "種別"], rows },
      ],
    };
    await adapter.post({ platform: "line", workspace: "W", conversationId: "U-big" }, message);
    const messages = line.deliveries.flatMap((d) => d.messages);
    expect(messages.every((m) => m.type === "text" && m.text.length <= 5000)).toBe(true);
    expect(messages.length).toBeGreaterThan(1);
    expect(messages.map(textOf).join("\n")).toContain("団体399");
  });

  it("renders progress as a bar and a form honestly as not yet fillable on LINE", async () => {
    const message: OutboundMessage = {
      text: "回答状況: 7/56",
      blocks: [
        { type: "header", text: "回答状況" },
        { type: "progress", label: "回答済み", done: 7, total: 56 },
        {
          type: "form",
          formId: "f1",
          title: "連絡先",
          submitLabel: "送信",
          fields: [{ id: "tel", label: "電話番号", kind: "text", required: true }],
        },
      ],
    };
    await adapter.post({ platform: "line", workspace: "W", conversationId: "U-progress" }, message);
    const card = flexOf(line.deliveries[0]!.messages[0]);
    expect(card.altText).toBe("回答状況: 7/56");
    expect(JSON.stringify(card.contents)).toContain('"width":"13%"');
    expect(readable(card)).toContain("7/56 (13%)");
    expect(readable(card)).toContain("・電話番号 *");
    expect(readable(card)).toContain("この入力フォームは LINE ではまだ入力できません。");
  });
});

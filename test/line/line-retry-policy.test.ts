// Nothing missed, nothing lost on LINE (issue #14): a 429 without Retry-After is retried after growing
// delays (never at once); an answer whose sends all fail goes to the outbox and is pushed later; the
// outbox's sends try once, and a Retry-After on one recipient reschedules that delivery without holding
// up the others. The real @line/bot-sdk against the fake LINE API on loopback, a real database.
import type { Server } from "node:http";
import express from "express";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { LineAdapter } from "../../src/adapters/line/line-adapter.ts";
import { silentLogger } from "../../src/config/logger.ts";
import { Outbox } from "../../src/delivery/outbox.ts";
import { RateLimiter } from "../../src/delivery/rate-limiter.ts";
import { queueGroupMessage, queueUndeliveredReplies } from "../../src/domain/delivery/queue-messages.ts";
import { textMessage, type ConversationRef, type OutboundMessage } from "../../src/engine/messages.ts";
import { DbActionPayloadStore } from "../../src/storage/action-payloads.ts";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";
import { FakeLineApi, type RecordedCall, type SendRequest } from "./support/fake-line-api.ts";
import { CHANNEL_SECRET, postWebhook, textEvent } from "./support/line-webhook.ts";

/** The recipient of a push request as the fake received it. */
const pushedTo = (call: RecordedCall) => (call.body as SendRequest).to;

let kyodo: TestKyodo;
let line: FakeLineApi;
let adapter: LineAdapter;
let server: Server;
let baseUrl: string;
const BASE_DELAY_MS = 40;

beforeAll(async () => {
  kyodo = await startTestKyodo({}, { http: false });
  line = await new FakeLineApi().start();
  adapter = new LineAdapter({
    channelSecret: CHANNEL_SECRET,
    channelAccessToken: line.token,
    apiBaseUrl: line.baseUrl,
    payloads: new DbActionPayloadStore(kyodo.db),
    logger: silentLogger(),
    retry: { attempts: 4, baseDelayMs: BASE_DELAY_MS, maxDelayMs: 2_000, maxTotalMs: 5_000 },
  });
  await adapter.start((event) => kyodo.engine.handle(event), {
    undelivered: async (ref, messages, eventId) =>
      void (await queueUndeliveredReplies(kyodo.db, { ref, messages, eventId, now: new Date() })),
  });
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

const gaps = (times: number[]) => times.slice(1).map((t, i) => t - times[i]!);

describe("LINE retries", () => {
  it("retries a 429 without Retry-After after a growing delay, not at once", async () => {
    line.failNext("/v2/bot/message/reply", { status: 429 }, { status: 429 }, { status: 429 });
    await send(textEvent({ userId: "U-growing", text: "help" }));
    const calls = line.callsTo("/v2/bot/message/reply");
    expect(calls.map((c) => c.status)).toEqual([429, 429, 429, 200]);
    const waits = gaps(calls.map((c) => c.at));
    // Jitter is ±25 % around 40, 80, 160 ms: each wait is longer than the one before, and none is zero.
    expect(waits[0]).toBeGreaterThanOrEqual(BASE_DELAY_MS * 0.75 - 2);
    expect(waits[1]).toBeGreaterThan(waits[0]!);
    expect(waits[2]).toBeGreaterThan(waits[1]!);
    expect(line.deliveries).toHaveLength(1);
  });

  it("waits as long as LINE's Retry-After says", async () => {
    line.failNext("/v2/bot/message/reply", { status: 429, headers: { "retry-after": "1" } });
    await send(textEvent({ userId: "U-after", text: "help" }));
    const calls = line.callsTo("/v2/bot/message/reply");
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    expect(gaps(calls.map((c) => c.at))[0]).toBeGreaterThanOrEqual(990);
  });

  it("hands an answer whose sends all fail to the outbox, which pushes it later", async () => {
    const refusals = Array.from({ length: 4 }, () => ({ status: 429 }));
    line.failNext("/v2/bot/message/reply", ...refusals);
    line.failNext("/v2/bot/message/push", ...refusals);
    const event = textEvent({ userId: "U-receipt", text: "help" }) as { webhookEventId: string };
    await send(event);
    expect(line.deliveries).toEqual([]);
    const queued = await kyodo.db.delivery.findMany({ where: { source: { startsWith: `reply:${event.webhookEventId}` } } });
    expect(queued.map((d) => [d.platform, d.state, (JSON.parse(d.target) as ConversationRef).conversationId])).toEqual([
      ["line", "queued", "U-receipt"],
    ]);
    expect((JSON.parse(queued[0]!.message) as OutboundMessage).text).toContain("/kyodo link");

    const outbox = new Outbox(kyodo.db, silentLogger(), [adapter], new RateLimiter({}));
    expect(await outbox.flush(new Date(Date.now() + 1000))).toMatchObject({ sent: 1 });
    expect(line.deliveries.map((d) => [d.kind, d.to])).toEqual([["push", ["U-receipt"]]]);
    expect(line.deliveries[0]!.retryKey).toBe(queued[0]!.idempotencyKey);
  });
});

describe("outbox sends on LINE", () => {
  it("a monthly quota refusal fails the delivery with that reason instead of retrying all month", async () => {
    const t0 = new Date(Date.now() + 5_000);
    await queueGroupMessage(kyodo.db, {
      source: "quota",
      platform: "line",
      target: JSON.stringify({ platform: "line", workspace: "W", conversationId: "C-quota" }),
      message: textMessage("お知らせ"),
      notBefore: t0,
    });
    line.failNext("/v2/bot/message/push", { status: 429, body: { message: "You have reached your monthly limit." } });
    const outbox = new Outbox(kyodo.db, silentLogger(), [adapter], new RateLimiter({}));
    expect(await outbox.flush(t0)).toEqual({ sent: 0, retrying: 0, failed: 1 });
    expect((await kyodo.db.delivery.findFirstOrThrow({ where: { source: "quota" } })).lastError).toContain("monthly message limit");
    // Every instance now knows the month's messages are used up (test/delivery/shared-line-quota.test.ts);
    // the next tests start from a fresh month.
    expect(await kyodo.db.rateLimitSlot.deleteMany({ where: { key: "quota:line:W" } })).toEqual({ count: 1 });
  });

  it("a Retry-After of 60 s on one recipient reschedules it and does not hold up the others", async () => {
    const t0 = new Date(Date.now() + 5_000);
    for (const id of ["C-slow", "C-two", "C-three"]) {
      await queueGroupMessage(kyodo.db, {
        source: "retry-after-60",
        platform: "line",
        target: JSON.stringify({ platform: "line", workspace: "W", conversationId: id }),
        message: textMessage("幹事会のお知らせ"),
        notBefore: t0,
      });
    }
    line.failNext("/v2/bot/message/push", { status: 429, headers: { "retry-after": "60" }, when: (call) => pushedTo(call) === "C-slow" });
    const outbox = new Outbox(kyodo.db, silentLogger(), [adapter], new RateLimiter({}));
    expect(await outbox.flush(t0)).toEqual({ sent: 2, retrying: 1, failed: 0 });
    // One try at C-slow, no sleeping on it: the others went out in the same flush.
    expect(line.callsTo("/v2/bot/message/push").filter((c) => pushedTo(c) === "C-slow")).toHaveLength(1);
    expect(line.deliveries.map((d) => d.to[0]).sort()).toEqual(["C-three", "C-two"]);
    const slow = await kyodo.db.delivery.findFirstOrThrow({ where: { source: "retry-after-60", target: { contains: "C-slow" } } });
    expect(slow.state).toBe("queued");
    expect(slow.nextAttemptAt.getTime() - t0.getTime()).toBe(60_000);
    // A minute later it goes, with the same retry key as the refused try.
    expect(await outbox.flush(new Date(t0.getTime() + 60_000))).toEqual({ sent: 1, retrying: 0, failed: 0 });
    const slowCalls = line.callsTo("/v2/bot/message/push").filter((c) => pushedTo(c) === "C-slow");
    expect(slowCalls.map((c) => c.status)).toEqual([429, 200]);
    expect(slowCalls[1]!.headers["x-line-retry-key"]).toBe(slowCalls[0]!.headers["x-line-retry-key"]);
  });
});

// The permanent version of issue #16's sweep, on one Kyodo with LINE, Slack and the generic webhook on:
// forged, stale, altered and replayed requests are refused (401) and change nothing; correctly signed
// bodies of random JSON are answered (2xx or 400), never crash or hang the server. fast-check generates
// the bodies; the numbers of runs are small enough for CI and fixed by a seed.
import { createHmac } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signBody } from "../../src/adapters/webhook/signature.ts";
import { FakeLineApi } from "../line/support/fake-line-api.ts";
import { CHANNEL_SECRET, sign as lineSign } from "../line/support/line-webhook.ts";
import { BOT_TOKEN, FakeSlack } from "../slack/support/fake-slack.ts";
import { send as slackSend, SIGNING_SECRET } from "../slack/support/slack-requests.ts";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";
import { FakeChatService, SECRET as WEBHOOK_SECRET } from "../webhook/support/fake-chat-service.ts";

let kyodo: TestKyodo;
let line: FakeLineApi;
let slack: FakeSlack;
let chat: FakeChatService;

beforeAll(async () => {
  line = await new FakeLineApi().start();
  slack = await FakeSlack.start();
  chat = await FakeChatService.start();
  kyodo = await startTestKyodo({
    LINE_CHANNEL_SECRET: CHANNEL_SECRET,
    LINE_CHANNEL_ACCESS_TOKEN: line.token,
    LINE_API_BASE_URL: line.baseUrl,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: slack.apiUrl,
    WEBHOOK_CHAT_SECRET: WEBHOOK_SECRET,
    WEBHOOK_CHAT_OUTGOING_URL: chat.outgoingUrl,
  });
  chat.kyodoUrl = kyodo.baseUrl;
}, 60_000);
afterAll(async () => {
  await kyodo?.dispose();
  await line?.stop();
  await slack?.close();
  await chat?.close();
});

const RUNS = { numRuns: 25, seed: 2024 };
const TIMEOUT = { timeout: 60_000 };
const nowSeconds = () => Math.floor(Date.now() / 1000);
const json = fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v));
/** A body that LINE, Slack or a chat service might send, roughly: text with a few known words. */
const body = fc.oneof(
  json,
  fc.string({ maxLength: 300 }),
  fc.constantFrom(
    '{"events":[]}',
    '{"type":"url_verification","challenge":"x"}',
    '{"eventId":"e","user":{"id":"u"},"conversation":{"id":"c"},"text":"help"}',
  ),
);

async function post(path: string, raw: string, headers: Record<string, string>): Promise<number> {
  const response = await fetch(`${kyodo.baseUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: raw,
  });
  await response.arrayBuffer();
  return response.status;
}

async function handledEvents(): Promise<number> {
  return kyodo.db.processedEvent.count();
}

describe("forgery sweep: refused, nothing changes", () => {
  it("LINE: wrong secret, one byte altered, or no signature", TIMEOUT, async () => {
    const before = await handledEvents();
    await fc.assert(
      fc.asyncProperty(body, fc.string({ minLength: 1, maxLength: 40 }), async (raw, wrongSecret) => {
        expect(await post("/line/webhook", raw, { "x-line-signature": lineSign(raw, `${wrongSecret}!`) })).toBe(401);
        expect(await post("/line/webhook", `${raw} `, { "x-line-signature": lineSign(raw) })).toBe(401);
        expect(await post("/line/webhook", raw, {})).toBe(401);
      }),
      RUNS,
    );
    expect(await handledEvents()).toBe(before);
  });

  it("Slack: wrong secret, stale or future timestamp, altered body, replayed signature", TIMEOUT, async () => {
    const before = await handledEvents();
    await fc.assert(
      fc.asyncProperty(body, fc.integer({ min: 301, max: 10 * 86_400 }), async (raw, skew) => {
        expect((await slackSend(kyodo.baseUrl, raw, "application/json", { secret: "not-the-signing-secret" })).status).toBe(401);
        expect((await slackSend(kyodo.baseUrl, raw, "application/json", { timestamp: nowSeconds() - skew })).status).toBe(401);
        expect((await slackSend(kyodo.baseUrl, raw, "application/json", { timestamp: nowSeconds() + skew })).status).toBe(401);
        const ts = nowSeconds();
        const signature = `v0=${createHmac("sha256", SIGNING_SECRET).update(`v0:${ts}:${raw}`).digest("hex")}`;
        expect((await slackSend(kyodo.baseUrl, `${raw}x`, "application/json", { timestamp: ts, signature })).status).toBe(401);
        // The same signature with another timestamp: a replay dressed as fresh.
        expect((await slackSend(kyodo.baseUrl, raw, "application/json", { timestamp: ts + 1, signature })).status).toBe(401);
      }),
      RUNS,
    );
    expect(await handledEvents()).toBe(before);
  });

  it("webhook: wrong secret, stale timestamp, altered body", TIMEOUT, async () => {
    const before = await handledEvents();
    await fc.assert(
      fc.asyncProperty(body, fc.integer({ min: 301, max: 10 * 86_400 }), async (raw, skew) => {
        const ts = String(nowSeconds());
        expect(
          await post("/webhook/chat", raw, { "x-kyodo-timestamp": ts, "x-kyodo-signature": signBody("not-the-webhook-secret", ts, raw) }),
        ).toBe(401);
        const stale = String(nowSeconds() - skew);
        expect(
          await post("/webhook/chat", raw, { "x-kyodo-timestamp": stale, "x-kyodo-signature": signBody(WEBHOOK_SECRET, stale, raw) }),
        ).toBe(401);
        expect(
          await post("/webhook/chat", `${raw} `, { "x-kyodo-timestamp": ts, "x-kyodo-signature": signBody(WEBHOOK_SECRET, ts, raw) }),
        ).toBe(401);
      }),
      RUNS,
    );
    expect(await handledEvents()).toBe(before);
  });
});

describe("crash sweep: correctly signed random bodies", () => {
  it("are answered 2xx or 4xx on every channel, and the server stays up", TIMEOUT, async () => {
    await fc.assert(
      fc.asyncProperty(body, async (raw) => {
        const lineStatus = await post("/line/webhook", raw, { "x-line-signature": lineSign(raw) });
        expect([200, 400]).toContain(lineStatus);
        const slackStatus = (await slackSend(kyodo.baseUrl, raw, "application/json")).status;
        expect(slackStatus).toBeLessThan(500);
        const ts = String(nowSeconds());
        const webhookStatus = await post("/webhook/chat", raw, {
          "x-kyodo-timestamp": ts,
          "x-kyodo-signature": signBody(WEBHOOK_SECRET, ts, raw),
        });
        expect(webhookStatus).toBeLessThan(500);
      }),
      { numRuns: 60, seed: 16 },
    );
    expect((await fetch(`${kyodo.baseUrl}/healthz`)).status).toBe(200);
  });
});

describe("oversized bodies on every mounted channel", () => {
  it("get 413, not 500", async () => {
    const big = JSON.stringify({ padding: "x".repeat(1_200_000) });
    for (const path of ["/line/webhook", "/slack/events", "/webhook/chat"]) expect(await post(path, big, {}), path).toBe(413);
  });
});

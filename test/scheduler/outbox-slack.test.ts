// The outbox owns the retries of deliveries on Slack too (issue #14): a 429 with Retry-After: 60 on one
// recipient is tried once and rescheduled a minute later, and the other recipients of the same flush
// are sent meanwhile — nothing sleeps on one recipient. Real Slack SDK against the fake Slack Web API.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SlackAdapter } from "../../src/adapters/slack/slack-adapter.ts";
import { silentLogger } from "../../src/config/logger.ts";
import { Outbox } from "../../src/delivery/outbox.ts";
import { RateLimiter } from "../../src/delivery/rate-limiter.ts";
import { queueGroupMessage } from "../../src/domain/delivery/queue-messages.ts";
import { textMessage } from "../../src/engine/messages.ts";
import { BOT_TOKEN, FakeSlack } from "../slack/support/fake-slack.ts";
import { SIGNING_SECRET } from "../slack/support/slack-requests.ts";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";

let kyodo: TestKyodo;
let slack: FakeSlack;
beforeAll(async () => {
  kyodo = await startTestKyodo({}, { http: false });
  slack = await FakeSlack.start();
});
afterAll(async () => {
  await slack?.close();
  await kyodo?.dispose();
});

describe("outbox sends on Slack", () => {
  it("a Retry-After of 60 s reschedules that delivery; the others go out in the same flush", async () => {
    const adapter = new SlackAdapter({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, apiUrl: slack.apiUrl, logger: silentLogger(), locale: "ja" });
    const t0 = new Date("2026-11-24T01:00:00Z");
    for (const channel of ["C0SLOW", "C0TWO", "C0THREE"]) {
      await queueGroupMessage(kyodo.db, { source: "slack-60", platform: "slack", target: JSON.stringify({ platform: "slack", workspace: "T1", conversationId: channel }), message: textMessage("幹事会のお知らせ"), notBefore: t0 });
    }
    slack.failNext("chat.postMessage", { status: 429, retryAfter: 60 });
    const outbox = new Outbox(kyodo.db, silentLogger(), [adapter], new RateLimiter({}));
    expect(await outbox.flush(t0)).toEqual({ sent: 2, retrying: 1, failed: 0 });
    const calls = slack.callsTo("chat.postMessage");
    expect(calls).toHaveLength(3);
    const limited = calls[0]!.args.channel;
    const row = await kyodo.db.delivery.findFirstOrThrow({ where: { source: "slack-60", target: { contains: limited } } });
    expect(row.state).toBe("queued");
    expect(row.nextAttemptAt.getTime() - t0.getTime()).toBe(60_000);
    expect(await outbox.flush(new Date(t0.getTime() + 60_000))).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(slack.callsTo("chat.postMessage").slice(3).map((c) => c.args.channel)).toEqual([limited]);
  });
});

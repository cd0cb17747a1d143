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
import { directMessage, dmOf, sendEvent, SIGNING_SECRET } from "../slack/support/slack-requests.ts";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";

let kyodo: TestKyodo;
let slack: FakeSlack;
beforeAll(async () => {
  slack = await FakeSlack.start();
  kyodo = await startTestKyodo({ SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: slack.apiUrl });
});
afterAll(async () => {
  await slack?.close();
  await kyodo?.dispose();
});

describe("outbox sends on Slack", () => {
  it("a Retry-After of 60 s reschedules that delivery; the others go out in the same flush", async () => {
    const adapter = new SlackAdapter({
      botToken: BOT_TOKEN,
      signingSecret: SIGNING_SECRET,
      apiUrl: slack.apiUrl,
      logger: silentLogger(),
      locale: "ja",
    });
    const t0 = new Date("2026-11-24T01:00:00Z");
    for (const channel of ["C0SLOW", "C0TWO", "C0THREE"]) {
      await queueGroupMessage(kyodo.db, {
        source: "slack-60",
        platform: "slack",
        target: JSON.stringify({ platform: "slack", workspace: "T1", conversationId: channel }),
        message: textMessage("幹事会のお知らせ"),
        notBefore: t0,
      });
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
    expect(
      slack
        .callsTo("chat.postMessage")
        .slice(3)
        .map((c) => c.args.channel),
    ).toEqual([limited]);
  });

  it("an answer Slack cannot take now (429 with a long wait) goes to the outbox and reaches the person's DM later", async () => {
    const person = { team: "T0001", user: "U0LATER" };
    slack.failNext("chat.postMessage", { status: 429, retryAfter: 600 });
    const before = slack.callsTo("chat.postMessage").length;
    expect((await sendEvent(kyodo.baseUrl, directMessage(person, "help"))).status).toBe(200);
    const queued = await waitFor(() =>
      kyodo.db.delivery.findFirst({ where: { source: { startsWith: "reply:" }, platform: "slack", target: { contains: "U0LATER" } } }),
    );
    expect(queued.state).toBe("queued");
    // One try, no waiting ten minutes, and no "Slack refused" notice: the answer is only late.
    expect(slack.callsTo("chat.postMessage").slice(before)).toHaveLength(1);
    expect(await kyodo.outbox.flush(new Date(Date.now() + 1000))).toMatchObject({ sent: 1 });
    const delivered = slack.callsTo("chat.postMessage").at(-1)!;
    expect(delivered.args.channel).toBe(dmOf(person));
    expect(JSON.stringify(delivered.args.blocks)).toContain("link");
  });
});

async function waitFor<T>(find: () => Promise<T | null | undefined>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const found = await find();
    if (found) return found;
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
}

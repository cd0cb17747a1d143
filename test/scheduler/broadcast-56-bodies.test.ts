// A broadcast to all 56 member bodies of the demo council, half reached on Slack and half on LINE, through
// the real adapters and SDKs against fake Slack and LINE servers that answer 429s and failures: every
// recipient gets the message exactly once, one that cannot be delivered is reported with its reason,
// and the platforms' limits are never exceeded.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addPerson } from "../../src/domain/people/add-person.ts";
import { addStaffMembership } from "../../src/domain/people/add-staff-membership.ts";
import { createBroadcast } from "../../src/domain/broadcasts/create-broadcast.ts";
import { broadcastSummary } from "../../src/domain/broadcasts/broadcast-summary.ts";
import { findPerson } from "../../src/domain/people/find-person.ts";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";
import { FakeSlack, BOT_TOKEN } from "../slack/support/fake-slack.ts";
import { directMessage, dmOf, sendEvent, SIGNING_SECRET } from "../slack/support/slack-requests.ts";
import { FakeLineApi } from "../line/support/fake-line-api.ts";
import { CHANNEL_SECRET, postWebhook, textEvent } from "../line/support/line-webhook.ts";

const jst = (iso: string) => new Date(`${iso}+09:00`);
let now = jst("2026-11-24T10:00:00");
let kyodo: TestKyodo;
let slack: FakeSlack;
let line: FakeLineApi;
const slackUsers: string[] = [];
const lineUsers: string[] = [];

beforeAll(async () => {
  slack = await FakeSlack.start();
  line = await new FakeLineApi().start();
  kyodo = await startTestKyodo(
    {
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_API_URL: slack.apiUrl,
      LINE_CHANNEL_SECRET: CHANNEL_SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: line.token,
      LINE_API_BASE_URL: line.baseUrl,
    },
    { clock: () => now },
  );
  // Every body gets a primary contact; the demo people already cover six of them.
  const bodies = await kyodo.db.body.findMany({
    where: { councilId: kyodo.council.id },
    include: { staff: { where: { primaryContact: true } } },
    orderBy: { code: "asc" },
  });
  let i = 0;
  for (const body of bodies) {
    const contact =
      body.staff[0]?.personId ??
      (
        await addPerson(
          kyodo.db,
          kyodo.council.id,
          { handle: `staff${String(++i).padStart(2, "0")}`, displayName: `${body.name} 担当`, roles: [] },
          "test",
        )
      ).id;
    if (!body.staff[0]) await addStaffMembership(kyodo.db, contact, body.id, true, "test");
    const person = await kyodo.db.person.findUniqueOrThrow({ where: { id: contact } });
    const code = await kyodo.codeFor(person.handle);
    // Link half on Slack and half on LINE, the way people do: by writing `link <code>` to the bot.
    if (slackUsers.length <= lineUsers.length) {
      const user = `U${String(slackUsers.length).padStart(4, "0")}SLK`;
      slackUsers.push(user);
      expect((await sendEvent(kyodo.baseUrl, directMessage({ team: "T0001", user }, `link ${code}`))).status).toBe(200);
    } else {
      const user = `U${String(lineUsers.length).padStart(32, "0")}`;
      lineUsers.push(user);
      expect((await postWebhook(kyodo.baseUrl, [textEvent({ userId: user, text: `link ${code}` })])).status).toBe(200);
    }
  }
  await slack.waitFor(() => slack.callsTo("chat.postMessage").length >= slackUsers.length);
  await waitUntil(async () => (await kyodo.db.chatIdentity.count({ where: { directRef: { not: null } } })) === 56);
  slack.calls.length = 0;
  line.reset();
}, 120_000);

afterAll(async () => {
  await kyodo?.dispose();
  await slack?.close();
  await line?.stop();
});

async function waitUntil(check: () => Promise<boolean>, ms = 20_000) {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("broadcast to all 56 bodies over Slack and LINE", () => {
  it("delivers exactly once per recipient despite 429s and server errors, and reports the one that cannot be delivered", async () => {
    expect(slackUsers).toHaveLength(28);
    expect(lineUsers).toHaveLength(28);
    // Slack: the first post is rate limited, a later one goes to a channel Slack says does not exist.
    slack.failNext("chat.postMessage", { status: 429, retryAfter: 1 });
    slack.failNext("chat.postMessage", { error: "channel_not_found" });
    // LINE: the multicast is rate limited once, then fails with a 500 whose request LINE nevertheless carried out.
    line.failNext("/v2/bot/message/multicast", { status: 429, headers: { "retry-after": "1" } }, { status: 500, accept: true });

    const yamada = await findPerson(kyodo.db, kyodo.council.id, "yamada");
    const broadcast = await createBroadcast(
      kyodo.db,
      {
        councilId: kyodo.council.id,
        createdById: yamada.id,
        audience: { kind: "all" },
        channels: ["dm"],
        text: "【重要】12月1日 電子申請システム停止のお知らせ",
      },
      now,
    );
    for (let round = 0; round < 20; round++) {
      await kyodo.scheduler.tick(now);
      const summary = await broadcastSummary(kyodo.db, broadcast.id);
      if (summary.counts.queued + summary.counts.sending === 0 && summary.state === "dispatched") break;
      now = new Date(now.getTime() + 60_000);
    }
    const summary = await broadcastSummary(kyodo.db, broadcast.id);
    expect(summary.counts).toEqual({ queued: 0, sending: 0, sent: 55, failed: 1 });
    expect(summary.failures).toHaveLength(1);
    expect(summary.failures[0]?.platform).toBe("slack");
    expect(summary.failures[0]?.reason).toContain("channel_not_found");

    // Slack: one accepted post per DM channel, none twice.
    const posted = slack.callsTo("chat.postMessage").filter((c) => c.result?.ok && String(c.args.text).includes("電子申請システム停止"));
    const perChannel = new Map<string, number>();
    for (const { args } of posted) perChannel.set(args.channel ?? "", (perChannel.get(args.channel ?? "") ?? 0) + 1);
    expect([...perChannel.values()].every((n) => n === 1)).toBe(true);
    expect(perChannel.size).toBe(27);
    expect(slackUsers.filter((u) => !perChannel.has(dmOf({ team: "T0001", user: u })))).toHaveLength(1);
    expect(posted.flatMap((c) => c.problems)).toEqual([]);
    // Never faster than Kyodo's Slack pacing (20 requests a second, one per second per channel). Requests
    // are in flight side by side, each started 50 ms after the one before; measured as they arrive, so any
    // 21 of them span a second, give or take the network's jitter.
    const times = slack
      .callsTo("chat.postMessage")
      .map((c) => c.at)
      .sort((a, b) => a - b);
    for (let k = 20; k < times.length; k++) expect(times[k]! - times[k - 20]!).toBeGreaterThanOrEqual(950);

    // LINE: every user received it exactly once, in multicasts of at most 500 that reused their retry key.
    const received = line.deliveries.filter((d) => JSON.stringify(d.messages).includes("電子申請システム停止"));
    const perUser = new Map<string, number>();
    for (const d of received) for (const to of d.to) perUser.set(to, (perUser.get(to) ?? 0) + 1);
    expect(lineUsers.every((u) => perUser.get(u) === 1)).toBe(true);
    expect(received.every((d) => d.to.length <= 500)).toBe(true);
    const multicasts = line.calls.filter((c) => c.path === "/v2/bot/message/multicast");
    expect(multicasts.length).toBeGreaterThanOrEqual(3);
    expect(new Set(multicasts.map((c) => c.headers["x-line-retry-key"])).size).toBe(1);
  }, 120_000);
});

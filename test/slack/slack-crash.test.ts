// Issue #14, "answers that are acknowledged and then lost": a real Kyodo process acknowledges a vote
// button press from Slack and is killed with SIGKILL before it works on it. After a restart the vote is
// recorded exactly once, also when Slack delivers the same press again.
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Db, inboxDbOf } from "../../src/storage/database.ts";
import { startKyodoChild, type KyodoChild } from "../support/kyodo-child.ts";
import { startTestKyodo } from "../support/test-kyodo.ts";
import { createExampleBallot } from "../motions/support.ts";
import { BOT_TOKEN, FakeSlack } from "./support/fake-slack.ts";
import {
  directMessage,
  dmOf,
  press,
  readable,
  sendEvent,
  sendInteraction,
  sendSlash,
  SIGNING_SECRET,
  slashCommand,
  type SlackPerson,
} from "./support/slack-requests.ts";

let fake: FakeSlack;
let dir: string;
let databaseUrl: string;
let db: Db;
const children: KyodoChild[] = [];
let pressBody: Record<string, unknown>;
const sato: SlackPerson = { team: "T0001", user: "U0SATO" };
const env = () => ({
  DATABASE_URL: databaseUrl,
  SLACK_SIGNING_SECRET: SIGNING_SECRET,
  SLACK_BOT_TOKEN: BOT_TOKEN,
  SLACK_API_URL: fake.apiUrl,
});

async function until<T>(probe: () => Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error("waited in vain");
    await new Promise((r) => setTimeout(r, 100));
  }
}

const PRESS = { dedupeKey: { contains: ":act:" } };
const satoVotes = async () =>
  db.motionVote.findMany({ where: { personId: (await db.person.findFirstOrThrow({ where: { handle: "sato" } })).id } });

beforeAll(async () => {
  fake = await FakeSlack.start();
  // Sato links his Slack account and asks to vote, in a Kyodo in this process; it then stops.
  const kyodo = await startTestKyodo({ SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: fake.apiUrl });
  ({ dir, databaseUrl } = kyodo);
  const slash = slashCommand(sato, `link ${await kyodo.codeFor("sato")}`, fake.responseUrl());
  await sendSlash(kyodo.baseUrl, slash);
  await fake.waitFor(() => fake.responsesTo(slash.responseUrl).length > 0);
  const now = new Date();
  await createExampleBallot(kyodo, now, { deadline: new Date(now.getTime() + 7 * 86_400_000) });
  const startedAt = fake.mark();
  await sendEvent(kyodo.baseUrl, directMessage(sato, "vote"));
  const posts = await fake.waitFor(() => fake.postsTo(dmOf(sato), startedAt).length >= 2 && fake.postsTo(dmOf(sato), startedAt));
  const question = posts.at(-1)!;
  const surface = {
    kind: "message" as const,
    channel: dmOf(sato),
    ts: question.result!.ts,
    blocks: question.args.blocks,
    text: question.args.text,
    responseUrl: fake.responseUrl(),
  };
  pressBody = press(sato, surface, "全議案に賛成");
  await kyodo.close();
  db = openDatabase(databaseUrl);
}, 60_000);

afterAll(async () => {
  for (const child of children) await child.crash().catch(() => undefined);
  await db?.$disconnect();
  await fake?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("a vote acknowledged to Slack survives kill -9", () => {
  it("is recorded once after a restart, and Slack's redelivery of the same press changes nothing", async () => {
    // The first process acknowledges the press, then is killed before it gets to the work.
    const first = await startKyodoChild({ ...env(), KYODO_TEST_HOLD_WORK_MS: "60000" });
    children.push(first);
    const ack = await sendInteraction(first.baseUrl, pressBody);
    expect(ack.status).toBe(200);
    await first.crash();
    expect(await satoVotes()).toHaveLength(0);
    expect(await inboxDbOf(db).inboxEvent.findMany({ where: PRESS, select: { status: true } })).toEqual([{ status: "pending" }]);

    // Restarted, Kyodo finds the acknowledged press in its inbox and records the vote.
    const pressedAt = fake.mark();
    const second = await startKyodoChild(env());
    children.push(second);
    const votes = await until(async () => {
      const found = await satoVotes();
      return found.length > 0 && found;
    });
    expect(votes.map((v) => v.choice)).toEqual(["for", "for", "for", "for"]);
    await until(async () => (await inboxDbOf(db).inboxEvent.count({ where: { ...PRESS, status: "done" } })) === 1);
    // The receipt still reaches Sato's DM, though the process that received the press is gone.
    const [receipt] = await fake.waitFor(
      () => fake.postsTo(dmOf(sato), pressedAt).length > 0 && fake.postsTo(dmOf(sato), pressedAt),
      20_000,
    );
    expect(readable(receipt!.args.blocks)).toContain("表決を受け付けました");

    // Slack delivers the same press again (same event): acknowledged, and nothing is counted twice.
    const again = await sendInteraction(second.baseUrl, pressBody);
    expect(again.status).toBe(200);
    await fake.settle(1500);
    expect(await satoVotes()).toHaveLength(4);
    expect(await inboxDbOf(db).inboxEvent.count({ where: PRESS })).toBe(1);
    await second.stop();
  }, 120_000);

  it("a press whose work was interrupted mid-way, delivered again to a restarted Kyodo, counts once", async () => {
    // The row is put back as a dead process leaves it: claimed, its claim expired. Work runs again.
    await inboxDbOf(db).inboxEvent.updateMany({
      where: PRESS,
      data: { status: "running", availableAt: new Date(Date.now() - 1000), claimedBy: "inbox-dead" },
    });
    const third = await startKyodoChild(env());
    children.push(third);
    await until(
      async () => (await inboxDbOf(db).inboxEvent.count({ where: { ...PRESS, status: "done", claimedBy: { not: "inbox-dead" } } })) === 1,
    );
    const again = await sendInteraction(third.baseUrl, pressBody);
    expect(again.status).toBe(200);
    await fake.settle(1000);
    const votes = await satoVotes();
    expect(votes).toHaveLength(4);
    expect(votes.every((v) => v.current)).toBe(true);
    await third.stop();
  }, 120_000);
});

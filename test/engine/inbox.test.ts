// The inbox's promises (issue #14) with a real database: an internal failure is retried and then parked,
// never dropped; the secretariat sees it with `kyodo inbox failed` and runs it again with `kyodo inbox
// retry`; a rule refusal is an answer, handled once; old keys are pruned by the daily job.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_INBOX_ATTEMPTS } from "../../src/engine/inbox.ts";
import type { InboundEvent } from "../../src/engine/messages.ts";
import { scheduleInboxPruning } from "../../src/jobs/handlers/inbox-jobs.ts";
import { createExampleBallot, linkChat } from "../motions/support.ts";
import { runCli } from "../support/run-command.ts";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";
import { inboxDbOf } from "../../src/storage/database.ts";

let kyodo: TestKyodo;
// Real time: `kyodo inbox retry` (another process) stamps the wall clock; the test clock only moves ahead.
let now = new Date();
let seq = 0;

function said(user: string, text: string): InboundEvent {
  return {
    kind: "text",
    eventId: `ev-${++seq}`,
    ref: { platform: "test", workspace: "local", conversationId: `dm:${user}`, isDirect: true },
    user: { externalId: user },
    receivedAt: now,
    text,
  };
}

const votesOf = async (handle: string) =>
  kyodo.db.motionVote.count({ where: { personId: (await kyodo.db.person.findFirstOrThrow({ where: { handle } })).id } });

/** One pass of the sweep at the current test time, and what it started. */
async function sweep(): Promise<void> {
  await kyodo.inbox.sweep(now);
  await kyodo.inbox.idle();
}

beforeAll(async () => {
  kyodo = await startTestKyodo({}, { clock: () => now, inbox: false });
  await linkChat(kyodo, "sato", "test", "U-SATO");
  await linkChat(kyodo, "tanaka", "test", "U-TANAKA");
  await createExampleBallot(kyodo, now, { deadline: new Date(now.getTime() + 7 * 86_400_000) });
});
afterAll(async () => kyodo?.dispose());

describe("the inbox", () => {
  it("retries an internal failure, parks it after the last attempt, and runs it again on `inbox retry`", async () => {
    // A real fault below Kyodo: the database refuses every new vote.
    await kyodo.db.$executeRawUnsafe(
      `CREATE TRIGGER refuse_votes BEFORE INSERT ON "MotionVote" BEGIN SELECT RAISE(ABORT, 'disk trouble'); END;`,
    );
    const event = said("U-SATO", "/kyodo vote 1 全議案賛成");
    expect(await kyodo.inbox.accept(event)).toBe("accepted");
    await kyodo.inbox.idle();
    let row = await inboxDbOf(kyodo.db).inboxEvent.findFirstOrThrow({ where: { dedupeKey: "test:local:ev-1" } });
    expect(row).toMatchObject({ status: "pending", attempts: 1 });
    expect(row.lastError).toContain("motionVote.create");
    for (let attempt = 2; attempt <= MAX_INBOX_ATTEMPTS; attempt++) {
      now = new Date(now.getTime() + 10 * 60_000);
      await sweep();
    }
    row = await inboxDbOf(kyodo.db).inboxEvent.findFirstOrThrow({ where: { id: row.id } });
    expect(row).toMatchObject({ status: "failed", attempts: MAX_INBOX_ATTEMPTS });
    // Parked rows are not picked up again by the sweep.
    now = new Date(now.getTime() + 60 * 60_000);
    await sweep();
    expect((await inboxDbOf(kyodo.db).inboxEvent.findFirstOrThrow({ where: { id: row.id } })).attempts).toBe(MAX_INBOX_ATTEMPTS);
    // The person was told, by a push into their conversation.
    const told = await kyodo.db.delivery.findMany({ where: { source: { startsWith: "inbox:test:local:ev-1" } } });
    expect(told.map((d) => (JSON.parse(d.message) as { text: string }).text).join("\n")).toContain("事務局の確認待ち");

    const env = { DATABASE_URL: kyodo.databaseUrl };
    const listed = await runCli(["inbox", "failed"], env);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(row.id);
    expect(listed.stdout).toContain("constraint");

    await kyodo.db.$executeRawUnsafe(`DROP TRIGGER refuse_votes`);
    const retried = await runCli(["inbox", "retry", row.id.slice(0, 10)], env);
    expect(retried.code).toBe(0);
    expect(retried.stdout).toContain(row.id);
    expect(await kyodo.db.auditEntry.count({ where: { action: "inbox.retry", subject: `inbox:${row.id}` } })).toBe(1);
    await sweep();
    expect(await inboxDbOf(kyodo.db).inboxEvent.findFirstOrThrow({ where: { id: row.id } })).toMatchObject({ status: "done" });
    expect(await votesOf("sato")).toBe(4);
    expect((await runCli(["inbox", "failed"], env)).stdout).toContain("保留中のイベントはありません");
    expect((await runCli(["inbox", "retry", "nosuchid"], env)).stderr).toContain("見つかりません");
  }, 60_000);

  it("a rule refusal is an answer: handled once, not retried", async () => {
    const event = said("U-TANAKA", "/kyodo vote 1 議案9 賛成");
    await kyodo.inbox.accept(event);
    await kyodo.inbox.idle();
    expect(await inboxDbOf(kyodo.db).inboxEvent.findFirstOrThrow({ where: { dedupeKey: `test:local:${event.eventId}` } })).toMatchObject({
      status: "done",
      attempts: 1,
    });
    expect(await kyodo.inbox.accept(event)).toBe("duplicate");
    expect(await votesOf("tanaka")).toBe(0);
  });

  it("answering in the response (handleNow): a claim left by a dead process expires and the retry runs; a done event never runs twice", async () => {
    const event = said("U-TANAKA", "/kyodo vote 1 議案1 反対");
    const key = `test:local:${event.eventId}`;
    // As a process leaves it when it is killed mid-work: claimed, not done.
    await inboxDbOf(kyodo.db).inboxEvent.create({
      data: {
        dedupeKey: key,
        platform: "test",
        event: JSON.stringify(event),
        mode: "sync",
        status: "running",
        claimedBy: "inbox-dead",
        attempts: 1,
        availableAt: new Date(now.getTime() + 10_000),
        receivedAt: now,
      },
    });
    expect(await kyodo.inbox.handleNow(event)).toEqual([]); // the claim may still be alive: not run twice at once
    now = new Date(now.getTime() + 60_000);
    const replies = await kyodo.inbox.handleNow(event);
    expect(replies.map((r) => r.text).join("\n")).toContain("受付番号");
    expect(await votesOf("tanaka")).toBe(1);
    expect(await inboxDbOf(kyodo.db).inboxEvent.findUniqueOrThrow({ where: { dedupeKey: key } })).toMatchObject({
      status: "done",
      attempts: 2,
    });
    // The sweep leaves such events alone (their answer belonged in a response), and a repeat is skipped.
    await sweep();
    expect(await kyodo.inbox.handleNow(event)).toEqual([]);
    expect(await votesOf("tanaka")).toBe(1);
  });

  it("keeps handled keys for a week, then the daily job prunes them; parked events stay", async () => {
    const old = new Date(now.getTime() - 8 * 86_400_000);
    await inboxDbOf(kyodo.db).inboxEvent.create({
      data: { dedupeKey: "test:local:old-done", platform: "test", event: "{}", status: "done", receivedAt: old },
    });
    await inboxDbOf(kyodo.db).inboxEvent.create({
      data: { dedupeKey: "test:local:old-parked", platform: "test", event: "{}", status: "failed", receivedAt: old },
    });
    await kyodo.db.processedEvent.create({ data: { key: "console:local:old", processedAt: old } });
    await kyodo.db.processedEvent.create({ data: { key: "console:local:recent", processedAt: now } });
    await scheduleInboxPruning(kyodo.db, "Asia/Tokyo", now);
    now = new Date(now.getTime() + 86_400_000);
    await kyodo.scheduler.tick(now);
    const keys = (await inboxDbOf(kyodo.db).inboxEvent.findMany({ select: { dedupeKey: true } })).map((r) => r.dedupeKey);
    expect(keys).not.toContain("test:local:old-done");
    expect(keys).toContain("test:local:old-parked");
    expect(keys).toContain("test:local:ev-1");
    expect((await kyodo.db.processedEvent.findMany()).map((p) => p.key)).toEqual(["console:local:recent"]);
  });
});

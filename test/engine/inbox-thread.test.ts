// The inbox's work in a worker thread (issue #15) keeps every promise of the inbox (issue #14): what the
// acknowledging thread accepted is worked on by the worker, once; a redelivery is recognised; the events
// of one conversation run in the order they arrived; a worker that dies is started again and what it
// held still runs; one that keeps dying stops the process rather than leaving the work undone. Real
// database, real worker thread running src/inbox-worker.ts. (kill -9 of the whole process after the
// acknowledgement: test/slack/slack-crash.test.ts, whose Kyodo runs its inbox work in this thread too.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../src/config/logger.ts";
import { InboxThread } from "../../src/engine/inbox-thread.ts";
import type { InboundEvent } from "../../src/engine/messages.ts";
import { createExampleBallot, linkChat } from "../motions/support.ts";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";
import { inboxDbOf } from "../../src/storage/database.ts";

let kyodo: TestKyodo;
let seq = 0;

function said(user: string, text: string, eventId = `thread-ev-${++seq}`): InboundEvent {
  return {
    kind: "text",
    eventId,
    ref: { platform: "test", workspace: "local", conversationId: `dm:${user}`, isDirect: true },
    user: { externalId: user },
    receivedAt: new Date(),
    text,
  };
}

async function settled(eventIds: string[], timeoutMs = 60_000) {
  const keys = eventIds.map((id) => `test:local:${id}`);
  const end = Date.now() + timeoutMs;
  for (;;) {
    const rows = await inboxDbOf(kyodo.db).inboxEvent.findMany({ where: { dedupeKey: { in: keys } } });
    if (rows.length === keys.length && rows.every((r) => r.status === "done")) return rows;
    if (Date.now() > end) throw new Error(`not done: ${JSON.stringify(rows.map((r) => [r.dedupeKey, r.status]))}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const votesOf = async (handle: string) =>
  kyodo.db.motionVote.count({ where: { personId: (await kyodo.db.person.findFirstOrThrow({ where: { handle } })).id } });

beforeAll(async () => {
  kyodo = await startTestKyodo({}, { inboxThread: true });
  await linkChat(kyodo, "sato", "test", "U-SATO");
  await linkChat(kyodo, "tanaka", "test", "U-TANAKA");
  await createExampleBallot(kyodo, new Date(), { deadline: new Date(Date.now() + 7 * 86_400_000) });
});
afterAll(async () => kyodo?.dispose());

describe("the inbox's work in a worker thread", () => {
  it("works on what the acknowledging thread accepted, once, and recognises a redelivery", async () => {
    expect(kyodo.inboxThread).toBeDefined();
    const vote = said("U-SATO", "/kyodo vote 1 全議案賛成");
    expect(await kyodo.inbox.accept(vote)).toBe("accepted");
    expect(await kyodo.inbox.accept(vote)).toBe("duplicate");
    const [row] = await settled([vote.eventId]);
    // Claimed by the worker's inbox, not by the one on this thread.
    expect(row!.claimedBy).toMatch(/^inbox-/);
    expect(row!.claimedBy).not.toBe(kyodo.inbox.holder);
    expect(row!.attempts).toBe(1);
    const votes = await votesOf("sato");
    expect(votes).toBeGreaterThan(0);
    // The redelivery after the work changes nothing either.
    expect(await kyodo.inbox.accept(vote)).toBe("duplicate");
    await new Promise((r) => setTimeout(r, 300));
    expect(await votesOf("sato")).toBe(votes);
    // Its answer went back through the acknowledging thread (no test adapter: pushed via the outbox).
    expect(await kyodo.db.delivery.count({ where: { source: { startsWith: `inbox:test:local:${vote.eventId}` } } })).toBeGreaterThan(0);
  });

  it("runs the events of one conversation in the order they arrived", async () => {
    const events = ["help", "home", "help", "home", "help", "home"].map((text) => said("U-TANAKA", `/kyodo ${text}`));
    for (const event of events) expect(await kyodo.inbox.accept(event)).toBe("accepted");
    const rows = await settled(events.map((e) => e.eventId));
    const byKey = new Map(rows.map((r) => [r.dedupeKey, r]));
    const finished = events.map((e) => byKey.get(`test:local:${e.eventId}`)!.finishedAt!.getTime());
    expect(finished).toEqual([...finished].sort((a, b) => a - b));
  });

  it("starts a worker that died again, and what it held still runs, once", async () => {
    const thread = kyodo.inboxThread!;
    const restarts = thread.restarts;
    const vote = said("U-TANAKA", "/kyodo vote 1 全議案賛成");
    const ready = thread.ready();
    expect(await kyodo.inbox.accept(vote)).toBe("accepted");
    await thread.crash();
    await ready;
    expect(thread.restarts).toBe(restarts + 1);
    // Pending, it is swept at once; claimed by the dead worker, when the claim expires.
    const [row] = await settled([vote.eventId], 90_000);
    expect(row!.status).toBe("done");
    const votes = await votesOf("tanaka");
    expect(votes).toBeGreaterThan(0);
    const current = await kyodo.db.motionVote.count({
      where: { current: true, personId: (await kyodo.db.person.findFirstOrThrow({ where: { handle: "tanaka" } })).id },
    });
    expect(current).toBe(votes);
  }, 120_000);

  it("gives up loudly when the worker keeps dying, rather than leave the work undone", async () => {
    let gaveUp: Error | undefined;
    const done = new Promise<void>((resolve) => {
      const thread = new InboxThread({
        url: new URL("./support/dying-worker.ts", import.meta.url),
        workerData: {},
        logger: silentLogger(),
        serve: {},
        maxCrashes: 2,
        giveUp: (error) => {
          gaveUp = error;
          resolve();
        },
      });
      thread.start().catch(() => undefined);
    });
    await done;
    expect(gaveUp?.message).toContain("exited (code 3)");
  }, 30_000);
});

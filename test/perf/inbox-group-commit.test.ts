// Issue #15, the acknowledgement path: events arriving together are committed together (group commit),
// every accepted event is in the table before its acceptance returns, a redelivery in the same burst is
// a duplicate and not a failure, and the work queue in memory is bounded: past its capacity events wait
// in the table (pending) and are taken once the queue has drained — none is dropped, none runs twice.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../src/config/logger.ts";
import { Inbox } from "../../src/engine/inbox.ts";
import type { InboundEvent, OutboundMessage } from "../../src/engine/messages.ts";
import { openDatabase, type Db, inboxDbOf } from "../../src/storage/database.ts";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";

let kyodo: TestKyodo;
let other: Db;

function pressed(user: string, id: string): InboundEvent {
  return {
    kind: "action",
    eventId: id,
    ref: { platform: "test", workspace: "burst", conversationId: `dm:${user}`, isDirect: true },
    user: { externalId: user },
    receivedAt: new Date(),
    actionId: "noop",
    value: id,
  };
}

function inboxWith(
  work: (event: InboundEvent) => Promise<OutboundMessage[]>,
  options: { concurrency?: number; queueCapacity?: number } = {},
) {
  return new Inbox({
    db: kyodo.db,
    logger: silentLogger(),
    work,
    reply: () => Promise.resolve(),
    failureReply: () => Promise.resolve([]),
    parked: () => Promise.resolve(),
    ...options,
  });
}

beforeAll(async () => {
  kyodo = await startTestKyodo({}, { http: false, inbox: false });
  // A second connection sees only what was committed.
  other = openDatabase(kyodo.databaseUrl);
});
afterAll(async () => {
  await other?.$disconnect();
  await kyodo?.dispose();
});

describe("group commit", () => {
  it("commits a burst of 300 events in a few statements, every accepted one stored, redeliveries reported", async () => {
    let worked = 0;
    const inbox = inboxWith(() => {
      worked += 1;
      return Promise.resolve([]);
    });
    const events = Array.from({ length: 300 }, (_, i) => pressed(`U${i % 50}`, `gc-${i}`));
    // 20 presses delivered twice within the same burst, as Slack does when an acknowledgement is slow.
    const burst = [...events, ...events.slice(0, 20)];
    const outcomes = await Promise.all(burst.map((e) => inbox.accept(e)));
    expect(outcomes.slice(0, 300).every((o) => o === "accepted")).toBe(true);
    expect(outcomes.slice(300).every((o) => o === "duplicate")).toBe(true);
    // Acceptance returned: each row is committed (read through another connection).
    const stored = await inboxDbOf(other).inboxEvent.findMany({
      where: { dedupeKey: { startsWith: "test:burst:gc-" } },
      select: { dedupeKey: true },
    });
    expect(new Set(stored.map((r) => r.dedupeKey))).toEqual(new Set(events.map((e) => `test:burst:${e.eventId}`)));
    // One commit per slice of the burst, not one per event.
    expect(inbox.commits.rows).toBe(300);
    expect(inbox.commits.commits).toBeLessThanOrEqual(10);
    await inbox.idle();
    expect(worked).toBe(300);
    expect(await inboxDbOf(other).inboxEvent.count({ where: { dedupeKey: { startsWith: "test:burst:gc-" }, status: "done" } })).toBe(300);
    // A redelivery after the burst is still recognised.
    expect(await inbox.accept(events[7]!)).toBe("duplicate");
  });
});

describe("bounded work queue", () => {
  it("leaves events beyond its capacity in the table and takes them once it has drained; each runs once", async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const runs = new Map<string, number>();
    const inbox = inboxWith(
      async (event) => {
        await gate;
        runs.set(event.eventId, (runs.get(event.eventId) ?? 0) + 1);
        return [];
      },
      { concurrency: 2, queueCapacity: 5 },
    );
    const events = Array.from({ length: 40 }, (_, i) => pressed(`V${i}`, `bq-${i}`));
    const outcomes = await Promise.all(events.map((e) => inbox.accept(e)));
    expect(outcomes.every((o) => o === "accepted")).toBe(true);
    // Claiming the first two is under way; the rest wait, at most 5 of them in memory.
    expect(inbox.load.queued).toBeLessThanOrEqual(5);
    expect(inbox.load.deferred).toBeGreaterThanOrEqual(40 - 5 - 2);
    expect(await inboxDbOf(other).inboxEvent.count({ where: { dedupeKey: { startsWith: "test:burst:bq-" } } })).toBe(40);
    open();
    await inbox.idle();
    expect(runs.size).toBe(40);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
    expect(await inboxDbOf(other).inboxEvent.count({ where: { dedupeKey: { startsWith: "test:burst:bq-" }, status: "done" } })).toBe(40);
  });
});

// Conversation locks across instances: two processes' lock tables on one database (two handles, as two
// Kyodo instances have) never work on one conversation at once, even when the work outlasts the lease —
// the holder renews it while working — and a conversation is free again as soon as the work ends.
// PostgreSQL only: two SQLite handles in one process would block each other's writes on the one thread
// (several processes on one SQLite file are covered by test/scheduler/two-schedulers.test.ts).
import { describe, expect, it } from "vitest";
import { ConversationLocks } from "../../src/engine/conversation-lock.ts";
import { postgresSkipReason, twoInstancesOnPostgres } from "../support/postgres.ts";

const LEASE_MS = 2_000; // short enough to outlast in a test, long enough for a loaded machine to renew in time
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(postgresSkipReason() !== "")("conversation locks across instances on PostgreSQL", () => {
  const instances = twoInstancesOnPostgres();

  it("work longer than the lease keeps the conversation; the other instance waits for its end", async () => {
    const [a, b] = [new ConversationLocks(instances.dbs[0], LEASE_MS), new ConversationLocks(instances.dbs[1], LEASE_MS)];
    const log: string[] = [];
    let started!: () => void;
    const aHasIt = new Promise<void>((resolve) => (started = resolve));
    const first = a.run("slack:T1:D1", async () => {
      log.push("a start");
      started();
      await sleep(LEASE_MS * 2.5); // without renewal, b would take the lease a third of the way through
      log.push("a end");
    });
    await aHasIt;
    const second = b.run("slack:T1:D1", async () => {
      log.push("b start");
      return Promise.resolve();
    });
    await Promise.all([first, second]);
    expect(log).toEqual(["a start", "a end", "b start"]);
    // Released: nothing is left behind for the next event.
    expect(await instances.dbs[0].lease.count({ where: { key: "conversation:slack:T1:D1" } })).toBe(0);
  });

  it("different conversations run side by side", async () => {
    const [a, b] = [new ConversationLocks(instances.dbs[0], LEASE_MS), new ConversationLocks(instances.dbs[1], LEASE_MS)];
    const log: string[] = [];
    await Promise.all([
      a.run("c1", async () => {
        log.push("a start");
        await sleep(200);
        log.push("a end");
      }),
      b.run("c2", async () => {
        log.push("b start");
        await sleep(200);
        log.push("b end");
      }),
    ]);
    expect(log.slice(0, 2).sort()).toEqual(["a start", "b start"]);
  });
});

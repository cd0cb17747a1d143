// On PostgreSQL the instances share a platform's pace through the database. Each send reserves the next
// free start and waits for it outside the transaction (bench-fanout: waiters that polled and raced for the
// slot reached 77% of Slack's 20/s with two instances). What must hold whatever the speed: the starts of
// both instances together never exceed the allowance within a second, with room left for an arrival to
// be a little late (the window plus the limiter's margin, shared over the allowance).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { windowViolations } from "../../src/delivery/arrival-window.ts";
import { ARRIVAL_MARGIN_MS, type PlatformLimits } from "../../src/delivery/rate-limiter.ts";
import { LATE_START_MS, SharedRateLimiter } from "../../src/delivery/shared-rate-limiter.ts";
import { openDatabase, type Db } from "../../src/storage/database.ts";
import { migrateDatabase } from "../../src/storage/migrate.ts";
import { freshPostgresDatabase, postgresSkipReason, type TestDatabase } from "../support/postgres.ts";

const PER_SECOND = 25;
const LIMITS: Record<string, PlatformLimits> = { chat: { perConversationMs: 0, perRequestMs: 1000 / PER_SECOND } };

describe.skipIf(postgresSkipReason() !== "")("shared rate limiter, two instances, many conversations", () => {
  let database: TestDatabase;
  let dbs: Db[];
  beforeAll(async () => {
    database = await freshPostgresDatabase();
    await migrateDatabase(database.databaseUrl);
    dbs = [openDatabase(database.databaseUrl), openDatabase(database.databaseUrl)];
  });
  afterAll(async () => {
    for (const db of dbs ?? []) await db.$disconnect();
    await database?.drop();
  });

  it("keeps both instances' starts within the allowance, a margin apart a window's allowance later", async () => {
    const limiters = dbs.map((db) => new SharedRateLimiter(db, LIMITS));
    const starts: Array<{ at: number; instance: number }> = [];
    let next = 0;
    const sender = async (i: number) => {
      const instance = i % 2;
      while (next < 2 * PER_SECOND + 10) {
        const conversation = `D${next++}`;
        await limiters[instance]!.acquire("chat", conversation);
        starts.push({ at: Date.now(), instance });
        limiters[instance]!.finished("chat", conversation);
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, i) => sender(i)));
    const times = starts.map((s) => s.at).sort((a, b) => a - b);
    expect(new Set(starts.map((s) => s.instance)).size).toBe(2);
    expect(windowViolations(times, PER_SECOND)).toBe(0);
    // A start and the one a second's allowance after it: the window and the margin apart, less at most how
    // late a start may go after its reserved time (a later one gives up its slot); a millisecond for the clock.
    for (let k = 0; k + PER_SECOND < times.length; k++)
      expect(times[k + PER_SECOND]! - times[k]!).toBeGreaterThanOrEqual(1000 + ARRIVAL_MARGIN_MS - LATE_START_MS - 1);
  });
});

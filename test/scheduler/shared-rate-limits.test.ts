// Platform limits hold across processes: two limiters (as two Kyodo instances would have) reserving sends
// into one Slack channel at the same moment get slots at least Slack's per-channel gap apart, and sends to
// different channels keep the per-platform gap. The sleeps are recorded, not slept, so nothing waits.
// PostgreSQL only: that is where Kyodo uses it (one SQLite file is served by one process).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_LIMITS } from "../../src/delivery/rate-limiter.ts";
import { SharedRateLimiter } from "../../src/delivery/shared-rate-limiter.ts";
import { openDatabase, type Db } from "../../src/storage/database.ts";
import { freshPostgresDatabase, postgresSkipReason, type TestDatabase } from "../support/postgres.ts";
import { migrateDatabase } from "../../src/storage/migrate.ts";

describe.skipIf(postgresSkipReason() !== "")("shared rate limits on PostgreSQL", () => {
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

  function limiter(db: Db, starts: number[]): SharedRateLimiter {
    return new SharedRateLimiter(db, DEFAULT_LIMITS, (ms) => {
      starts.push(Date.now() + ms);
      return Promise.resolve();
    });
  }

  it("two instances sending into one Slack channel are spaced by the channel's limit", async () => {
    const starts: number[] = [];
    const [a, b] = dbs.map((db) => limiter(db, starts)) as [SharedRateLimiter, SharedRateLimiter];
    const before = Date.now();
    await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? a : b).acquire("slack", "C-general")));
    // Every reservation after the first waits; the first may go at once (then it records no sleep).
    expect(starts.length).toBeGreaterThanOrEqual(5);
    const all = [...(starts.length === 6 ? [] : [before]), ...starts].sort((x, y) => x - y);
    for (let i = 1; i < all.length; i++) expect(all[i]! - all[i - 1]!).toBeGreaterThanOrEqual(DEFAULT_LIMITS.slack!.perConversationMs - 5);
  });

  it("different channels keep only the per-platform gap", async () => {
    const starts: number[] = [];
    const [a, b] = dbs.map((db) => limiter(db, starts)) as [SharedRateLimiter, SharedRateLimiter];
    await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? a : b).acquire("slack", `D-${i}`)));
    const rows = await dbs[0]!.rateLimitSlot.findMany({ where: { key: { startsWith: "slack:D-" } } });
    const slots = rows.map((r) => r.lastAt.getTime()).sort((x, y) => x - y);
    expect(slots).toHaveLength(6);
    for (let i = 1; i < slots.length; i++) expect(slots[i]! - slots[i - 1]!).toBeGreaterThanOrEqual(DEFAULT_LIMITS.slack!.perRequestMs);
    expect(slots.at(-1)! - slots[0]!).toBeLessThan(DEFAULT_LIMITS.slack!.perConversationMs * 5);
  });
});

// The council's mail relay counts what Kyodo sends per minute (SMTP_MAX_PER_MINUTE). One process keeps to
// it by itself; on PostgreSQL several instances keep to it together, through the slots in the database —
// each instance spacing its own mail would send the relay twice or thrice the limit.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.ts";
import { emailLimits, platformLimits, RateLimiter } from "../../src/delivery/rate-limiter.ts";
import { SharedRateLimiter } from "../../src/delivery/shared-rate-limiter.ts";
import { openDatabase, type Db } from "../../src/storage/database.ts";
import { migrateDatabase } from "../../src/storage/migrate.ts";
import { freshPostgresDatabase, postgresSkipReason, type TestDatabase } from "../support/postgres.ts";

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe("email relay limit", () => {
  it("is read from SMTP_MAX_PER_MINUTE, per minute, and absent when unset", () => {
    const config = loadConfig({ SMTP_MAX_PER_MINUTE: "30" });
    expect(platformLimits({ emailPerMinute: config.SMTP_MAX_PER_MINUTE }).email).toEqual({
      perConversationMs: 0,
      perRequestMs: 2000,
      windowMs: 60_000,
    });
    expect(platformLimits({ emailPerMinute: loadConfig({}).SMTP_MAX_PER_MINUTE }).email).toBeUndefined();
    expect(() => loadConfig({ SMTP_MAX_PER_MINUTE: "0" })).toThrow(/SMTP_MAX_PER_MINUTE/);
  });

  it("one process sends the relay's minute's worth, then holds the next mail back", async () => {
    const limiter = new RateLimiter({ email: emailLimits(3) });
    for (const to of ["a@example.jp", "b@example.jp", "c@example.jp"]) {
      await limiter.acquire("email", to);
      limiter.finished("email", to);
    }
    const fourth = limiter.acquire("email", "d@example.jp").then(() => "sent");
    expect(await Promise.race([fourth, sleep(1_500).then(() => "held back")])).toBe("held back");
  });
});

describe.skipIf(postgresSkipReason() !== "")("email relay limit across instances on PostgreSQL", () => {
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

  it("two instances sending mail at once keep one spacing between them", async () => {
    const limits = { email: emailLimits(120) }; // one every 500 ms, for all instances together
    const [a, b] = dbs.map((db) => new SharedRateLimiter(db, limits)) as [SharedRateLimiter, SharedRateLimiter];
    const starts = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const limiter = i % 2 === 0 ? a : b;
        const to = `member${i}@example.jp`;
        await limiter.acquire("email", to);
        const at = Date.now();
        limiter.finished("email", to);
        return at;
      }),
    );
    const sorted = starts.sort((x, y) => x - y);
    // Each instance on its own would have sent its three within half a second; together they take turns.
    // (The times are taken after each instance's transaction returns, a few milliseconds either way.)
    expect(sorted.at(-1)! - sorted[0]!).toBeGreaterThanOrEqual(5 * 500 - 50);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]! - sorted[i - 1]!).toBeGreaterThanOrEqual(400);
  });
});

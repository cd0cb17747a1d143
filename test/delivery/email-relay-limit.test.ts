// The council's mail relay counts what Kyodo sends per minute (SMTP_MAX_PER_MINUTE). One process keeps to
// it by itself; on PostgreSQL several instances keep to it together, through the slots in the database —
// each instance spacing its own mail would send the relay twice or thrice the limit.
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.ts";
import { emailLimits, platformLimits, RateLimiter } from "../../src/delivery/rate-limiter.ts";
import { SharedRateLimiter } from "../../src/delivery/shared-rate-limiter.ts";
import { postgresSkipReason, twoInstancesOnPostgres } from "../support/postgres.ts";

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
  const instances = twoInstancesOnPostgres();

  it("two instances together send the relay's minute's worth, then hold the next mail back", async () => {
    // Each instance on its own would send three of its own at once; together they keep to three a minute.
    // (Until 2026-12-03 the instances spaced their starts one allowance apart instead of keeping the window:
    // the limiter now counts a minute's window across instances as the single process does.)
    const limits = { email: emailLimits(3) };
    // The mail held back would poll the database for a minute; once the test is over its next wait ends it,
    // so nothing is left querying while the connections close (a close under a poll waited for good).
    let over = false;
    const pause = (ms: number) => (over ? Promise.reject(new Error("the test is over")) : sleep(ms));
    const [a, b] = instances.dbs.map((db) => new SharedRateLimiter(db, limits, pause)) as [SharedRateLimiter, SharedRateLimiter];
    const sent: string[] = [];
    const mails = Array.from({ length: 6 }, (_, i) => {
      const limiter = i % 2 === 0 ? a : b;
      const to = `member${i}@example.jp`;
      return limiter.acquire("email", to).then(() => {
        sent.push(to);
        limiter.finished("email", to);
      });
    });
    await sleep(1_500);
    expect(sent).toHaveLength(3);
    // The rest would wait for the minute; the test does not.
    over = true;
    await Promise.allSettled(mails);
    expect(sent).toHaveLength(3);
    await a.settled();
    await b.settled();
  });
});

// Platform limits hold across processes: two limiters (as two Kyodo instances would have) sending into one
// Slack channel at the same moment never overlap, and each send starts at least the channel's gap after the
// previous one ended; sends to different channels are not held up by each other.
// PostgreSQL only: that is where Kyodo uses it (one SQLite file is served by one process).
import { describe, expect, it } from "vitest";
import type { PlatformLimits } from "../../src/delivery/rate-limiter.ts";
import { SharedRateLimiter } from "../../src/delivery/shared-rate-limiter.ts";
import { postgresSkipReason, twoInstancesOnPostgres } from "../support/postgres.ts";

const LIMITS: Record<string, PlatformLimits> = { slack: { perConversationMs: 300, perRequestMs: 20 } };
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe.skipIf(postgresSkipReason() !== "")("shared rate limits on PostgreSQL", () => {
  const instances = twoInstancesOnPostgres();

  /** Sends through alternating limiters; returns each send's [start, end]. */
  async function send(conversations: string[]): Promise<Array<[number, number]>> {
    const limiters = instances.dbs.map((db) => new SharedRateLimiter(db, LIMITS));
    return Promise.all(
      conversations.map(async (conversation, i) => {
        const limiter = limiters[i % 2]!;
        await limiter.acquire("slack", conversation);
        const start = Date.now();
        await sleep(30 + (i % 3) * 40); // a send of varying length
        const end = Date.now();
        limiter.finished("slack", conversation);
        return [start, end] as [number, number];
      }),
    );
  }

  it("two instances sending into one channel take turns, a full gap after each send ends", async () => {
    const sends = (await send(["C-general", "C-general", "C-general", "C-general"])).sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < sends.length; i++) expect(sends[i]![0] - sends[i - 1]![1]).toBeGreaterThanOrEqual(LIMITS.slack!.perConversationMs);
  });

  it("a send in flight holds only its own channel", async () => {
    const [a, b] = instances.dbs.map((db) => new SharedRateLimiter(db, LIMITS)) as [SharedRateLimiter, SharedRateLimiter];
    await a.acquire("slack", "D-1"); // in flight until finished
    const other = await Promise.race([b.acquire("slack", "D-2").then(() => "sent"), sleep(10_000).then(() => "held back")]);
    expect(other).toBe("sent");
    const waiting = b.acquire("slack", "D-1");
    const same = await Promise.race([waiting.then(() => "sent"), sleep(1_000).then(() => "held back")]);
    expect(same).toBe("held back");
    a.finished("slack", "D-1");
    await waiting; // its turn comes once the first send has ended and the gap passed
    b.finished("slack", "D-1");
    b.finished("slack", "D-2");
  });
});

// Platform rate limits shared by every Kyodo process on one database. Each process spacing its own sends
// is not enough once two or three instances send into the same Slack channel: the slots live in the
// database (RateLimitSlot), read and moved in one transaction serialised per platform across processes
// (src/storage/transaction-locks.ts).
//
// A conversation is marked busy while a send into it is in flight, and the gap counts from the end of that
// send: under load a request can take longer to arrive than the next one, so spacing the starts alone
// lets two messages reach the platform closer together than its limit. A busy mark left by a process that
// died mid-send lapses after BUSY_MS.
import type { Db } from "../storage/database.ts";
import { lockForTransaction } from "../storage/transaction-locks.ts";
import { DEFAULT_LIMITS, RateLimiter, type PlatformLimits } from "./rate-limiter.ts";

/** Longest a send may hold its conversation (the outbox gives up on a send well before). */
const BUSY_MS = 60_000;
/** How often a waiting send looks again when the conversation is busy. */
const POLL_MS = 200;

export class SharedRateLimiter extends RateLimiter {
  private readonly db: Db;
  private readonly shared: Record<string, PlatformLimits>;
  private readonly wait: (ms: number) => Promise<void>;

  constructor(
    db: Db,
    limits: Record<string, PlatformLimits> = DEFAULT_LIMITS,
    sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
  ) {
    super(limits);
    this.db = db;
    this.shared = limits;
    this.wait = sleep;
  }

  private limited(platform: string): PlatformLimits | undefined {
    const limits = this.shared[platform];
    return limits && (limits.perConversationMs > 0 || limits.perRequestMs > 0) ? limits : undefined;
  }

  override async acquire(platform: string, conversation: string): Promise<void> {
    const limits = this.limited(platform);
    if (!limits) return;
    const conversationKey = `${platform}:${conversation}`;
    for (;;) {
      const waitMs = await this.db.$transaction(async (tx) => {
        await lockForTransaction(tx, `rate:${platform}`);
        const rows = await tx.rateLimitSlot.findMany({ where: { key: { in: [platform, conversationKey] } } });
        const last = (key: string) => rows.find((r) => r.key === key)?.lastAt.getTime() ?? 0;
        // Instances' clocks are NTP-synchronised (Slack's signature window already requires it); a skew
        // only shifts a gap by that much.
        const now = Date.now();
        const ready = Math.max(now, last(conversationKey) + limits.perConversationMs, last(platform) + limits.perRequestMs);
        if (ready > now) return ready - now;
        const marks = [
          { key: conversationKey, lastAt: new Date(now + BUSY_MS) },
          { key: platform, lastAt: new Date(now) },
        ];
        for (const { key, lastAt } of marks) await tx.rateLimitSlot.upsert({ where: { key }, create: { key, lastAt }, update: { lastAt } });
        return 0;
      });
      if (waitMs === 0) return;
      await this.wait(Math.min(waitMs, POLL_MS));
    }
  }

  /** The send is over: the conversation's gap starts now. */
  override finished(platform: string, conversation: string): void {
    if (!this.limited(platform)) return;
    const lastAt = new Date();
    // If this write is lost the busy mark lapses after BUSY_MS: slower, never faster than the limit.
    void this.db.rateLimitSlot.updateMany({ where: { key: `${platform}:${conversation}` }, data: { lastAt } }).catch(() => undefined);
  }
}

// Platform rate limits shared by every Kyodo process on one database. Each process spacing its own sends
// is not enough once two or three instances send into the same Slack channel: the slots live in the
// database (RateLimitSlot), and a reservation reads and moves both of its keys (the conversation and the
// platform) in one transaction, serialised per platform across processes (src/storage/transaction-locks.ts).
import type { Db } from "../storage/database.ts";
import { lockForTransaction } from "../storage/transaction-locks.ts";
import { DEFAULT_LIMITS, RateLimiter, type PlatformLimits } from "./rate-limiter.ts";

export class SharedRateLimiter extends RateLimiter {
  private readonly db: Db;
  private readonly shared: Record<string, PlatformLimits>;
  private readonly wait: (ms: number) => Promise<void>;

  constructor(
    db: Db,
    limits: Record<string, PlatformLimits> = DEFAULT_LIMITS,
    sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
  ) {
    super(limits, sleep);
    this.db = db;
    this.shared = limits;
    this.wait = sleep;
  }

  override async acquire(platform: string, conversation: string): Promise<void> {
    const limits = this.shared[platform];
    if (!limits || (limits.perConversationMs === 0 && limits.perRequestMs === 0)) return;
    const conversationKey = `${platform}:${conversation}`;
    const slot = await this.db.$transaction(async (tx) => {
      await lockForTransaction(tx, `rate:${platform}`);
      const rows = await tx.rateLimitSlot.findMany({ where: { key: { in: [platform, conversationKey] } } });
      const last = (key: string) => rows.find((r) => r.key === key)?.lastAt.getTime() ?? 0;
      // The database's clock would be better still; instances' clocks are NTP-synchronised (as Slack's
      // signature window already requires), and a skew only shifts the gap by that much.
      const reserved = Math.max(Date.now(), last(conversationKey) + limits.perConversationMs, last(platform) + limits.perRequestMs);
      const lastAt = new Date(reserved);
      for (const key of [platform, conversationKey])
        await tx.rateLimitSlot.upsert({ where: { key }, create: { key, lastAt }, update: { lastAt } });
      return reserved;
    });
    const delay = slot - Date.now();
    if (delay > 0) await this.wait(delay);
  }

  /** A send that took long pushes the next one back: the gap counts from its end. */
  override finished(platform: string, conversation: string): void {
    const limits = this.shared[platform];
    if (!limits || (limits.perConversationMs === 0 && limits.perRequestMs === 0)) return;
    const lastAt = new Date();
    void this.db.rateLimitSlot
      .updateMany({ where: { key: { in: [platform, `${platform}:${conversation}`] }, lastAt: { lt: lastAt } }, data: { lastAt } })
      .catch(() => undefined); // the reservation already spaced this send; this only widens the gap
  }
}

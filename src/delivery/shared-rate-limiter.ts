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
import { WINDOW_MS } from "./arrival-window.ts";
import { ARRIVAL_MARGIN_MS, DEFAULT_LIMITS, RateLimiter, type PlatformLimits } from "./rate-limiter.ts";

/** Longest a send may hold its conversation (the outbox gives up on a send well before). */
const BUSY_MS = 60_000;
/** How late after its reserved start a send may still go (see startSpacing: well within the margin). */
export const LATE_START_MS = 10;
const MAX_SLOTS_GIVEN_UP = 3;
/** How often a waiting send looks again when the conversation is busy. */
const POLL_MS = 200;

/**
 * The time between two starts across instances. Starts spaced by exactly the even spacing put the first and
 * the last of every second's allowance exactly a second apart, so an arrival a millisecond late on one
 * and early on the other makes one too many within a second; the window's length plus the single-process
 * limiter's margin, shared out over the requests the window allows, leaves that much room (2.5% of the
 * rate). A request held up for longer than that can still arrive bunched: unlike the single-process
 * limiter, the instances do not know when each other's requests were answered.
 */
function startSpacing(limits: PlatformLimits): number {
  if (limits.perRequestMs <= 0) return 0;
  const windowMs = limits.windowMs ?? WINDOW_MS;
  return (windowMs + ARRIVAL_MARGIN_MS) / Math.max(1, Math.floor(windowMs / limits.perRequestMs));
}

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
    const spacing = startSpacing(limits);
    // Whether this send already holds the conversation (it gave up a slot it woke too late for), and how
    // many slots it gave up: a machine too busy to keep any slot sends anyway after a few, as before.
    let holding = false;
    let givenUp = 0;
    for (;;) {
      const turn = await this.db.$transaction(async (tx) => {
        await lockForTransaction(tx, `rate:${platform}`);
        const rows = await tx.rateLimitSlot.findMany({ where: { key: { in: [platform, conversationKey] } } });
        const last = (key: string) => rows.find((r) => r.key === key)?.lastAt.getTime() ?? 0;
        // Instances' clocks are NTP-synchronised (Slack's signature window already requires it); a skew
        // only shifts a gap by that much.
        const now = Date.now();
        const conversationReady = last(conversationKey) + limits.perConversationMs;
        if (!holding && conversationReady > now) return { reserved: false, waitMs: conversationReady - now, slot: 0 };
        // The platform's next free start is reserved now, and waited for outside the transaction: waiters
        // that looked again every so often raced for the slot, and each start came a transaction and a
        // timer's lateness after the spacing — 77% of Slack's 20/s with two instances (bench-fanout).
        const slot = Math.max(now, last(platform) + spacing);
        const marks = [
          { key: conversationKey, lastAt: new Date(slot + BUSY_MS) },
          { key: platform, lastAt: new Date(slot) },
        ];
        for (const { key, lastAt } of marks) await tx.rateLimitSlot.upsert({ where: { key }, create: { key, lastAt }, update: { lastAt } });
        return { reserved: true, waitMs: slot - now, slot };
      });
      if (turn.reserved) {
        const wait = turn.slot - Date.now();
        if (wait > 0) await this.wait(wait);
        // Woken too late (a busy machine), this start would come closer to the ones reserved after it than
        // the margin allows: it gives up its slot (a gap, never a bunch) and reserves the next free one.
        if (Date.now() - turn.slot <= LATE_START_MS || givenUp >= MAX_SLOTS_GIVEN_UP) return;
        holding = true;
        givenUp += 1;
        continue;
      }
      await this.wait(Math.min(turn.waitMs, POLL_MS));
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

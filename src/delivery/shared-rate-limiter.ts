// Platform rate limits shared by every Kyodo process on one database. Each process spacing its own sends
// is not enough once two or three instances send into the same Slack channel: the limits live in the
// database (RateLimitSlot), read and moved in one transaction serialised per platform across processes
// (src/storage/transaction-locks.ts).
//
// The platform counts requests as they arrive, within any one second (./arrival-window.ts), and instances
// cannot see each other's requests arrive. So the window is kept in the database as a ring of as many
// slots as the window allows requests: a send takes the slot whose last request has surely left the
// window, marks it in flight, and when its answer comes back writes when that request can have arrived at
// the latest (the answer less the fastest round trip this instance has seen, as ./rate-limiter.ts
// reckons it) plus the window and the margin. Spacing the starts instead (one slot per platform) let
// requests held up after their start arrive bunched: bench-fanout counted 2 violations with reserved
// starts at load 6, and waiters racing for the one slot reached 77% of the rate.
//
// A conversation is marked busy while a send into it is in flight, and the gap counts from the end of that
// send: under load a request can take longer to arrive than the next one, so spacing the starts alone
// lets two messages reach the platform closer together than its limit. A busy mark (of a conversation or
// of a window slot) left by a process that died mid-send lapses after BUSY_MS.
import type { Db } from "../storage/database.ts";
import { lockForTransaction } from "../storage/transaction-locks.ts";
import { WINDOW_MS } from "./arrival-window.ts";
import { ARRIVAL_MARGIN_MS, DEFAULT_LIMITS, RateLimiter, type PlatformLimits } from "./rate-limiter.ts";

/** Longest a send may hold its conversation (the outbox gives up on a send well before). */
const BUSY_MS = 60_000;
/** How often a waiting send looks again when what it waits for is in flight (its end is not known yet). */
const POLL_MS = 200;

interface Held {
  slot: string | undefined;
  startedAt: number;
  /** one of this instance's first window of sends: counted until its answer (see RateLimiter.arrivedBy) */
  cold: boolean;
}

export class SharedRateLimiter extends RateLimiter {
  private readonly db: Db;
  private readonly shared: Record<string, PlatformLimits>;
  private readonly wait: (ms: number) => Promise<void>;
  /** per conversation, this instance's sends in flight, oldest first */
  private readonly held = new Map<string, Held[]>();
  /** per platform, the fastest round trip this instance has seen, and how many sends it let go */
  private readonly fastest = new Map<string, number>();
  private readonly started = new Map<string, number>();
  private readonly writes = new Set<Promise<void>>();

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

  /** The window's slots of a platform: as many as the window allows requests (none without a rate limit). */
  private slotsOf(platform: string, limits: PlatformLimits): string[] {
    if (limits.perRequestMs <= 0) return [];
    const perWindow = Math.max(1, Math.floor((limits.windowMs ?? WINDOW_MS) / limits.perRequestMs));
    return Array.from({ length: perWindow }, (_, i) => `${platform}#${i}`);
  }

  override async acquire(platform: string, conversation: string): Promise<void> {
    const limits = this.limited(platform);
    if (!limits) return;
    const conversationKey = `${platform}:${conversation}`;
    const slots = this.slotsOf(platform, limits);
    for (;;) {
      const turn = await this.db.$transaction(async (tx): Promise<{ waitMs: number } | { slot: string | undefined; startedAt: number }> => {
        await lockForTransaction(tx, `rate:${platform}`);
        const rows = await tx.rateLimitSlot.findMany({ where: { key: { in: [conversationKey, ...slots] } } });
        const last = (key: string) => rows.find((r) => r.key === key)?.lastAt.getTime() ?? 0;
        // Instances' clocks are NTP-synchronised (Slack's signature window already requires it); a skew
        // only shifts a gap by that much.
        const now = Date.now();
        const conversationReady = last(conversationKey) + limits.perConversationMs;
        if (conversationReady > now) return { waitMs: conversationReady - now };
        // The slot whose last request left the window first (a slot never used is free).
        const slot = slots.reduce<string | undefined>(
          (best, key) => (best === undefined || last(key) < last(best) ? key : best),
          undefined,
        );
        if (slot !== undefined && last(slot) > now) return { waitMs: last(slot) - now };
        const busy = new Date(now + BUSY_MS);
        for (const key of slot === undefined ? [conversationKey] : [conversationKey, slot])
          await tx.rateLimitSlot.upsert({ where: { key }, create: { key, lastAt: busy }, update: { lastAt: busy } });
        return { slot, startedAt: now };
      });
      if ("startedAt" in turn) {
        const started = this.started.get(platform) ?? 0;
        this.started.set(platform, started + 1);
        this.held.set(conversationKey, [
          ...(this.held.get(conversationKey) ?? []),
          { slot: turn.slot, startedAt: turn.startedAt, cold: started < slots.length },
        ]);
        return;
      }
      await this.wait(Math.min(turn.waitMs, POLL_MS));
    }
  }

  /** The send is over: the conversation's gap starts now, and its window slot is free once its request left the window. */
  override finished(platform: string, conversation: string): void {
    const limits = this.limited(platform);
    if (!limits) return;
    const now = Date.now();
    const conversationKey = `${platform}:${conversation}`;
    const sends = this.held.get(conversationKey) ?? [];
    const send = sends.shift();
    if (sends.length === 0) this.held.delete(conversationKey);
    const marks = [{ key: conversationKey, lastAt: new Date(now) }];
    if (send) {
      const fastest = Math.min(this.fastest.get(platform) ?? Infinity, now - send.startedAt);
      this.fastest.set(platform, fastest);
      const arrivedBy = send.cold ? now : Math.max(send.startedAt, now - fastest);
      if (send.slot) marks.push({ key: send.slot, lastAt: new Date(arrivedBy + (limits.windowMs ?? WINDOW_MS) + ARRIVAL_MARGIN_MS) });
    }
    // If a write is lost the busy mark lapses after BUSY_MS: slower, never faster than the limit.
    for (const { key, lastAt } of marks) {
      const write = this.db.rateLimitSlot
        .updateMany({ where: { key }, data: { lastAt } })
        .then(() => undefined)
        .catch(() => undefined);
      this.writes.add(write);
      void write.finally(() => this.writes.delete(write));
    }
  }

  /** Resolves when the writes of finished sends are done: a database closed under one waited for good. */
  override async settled(): Promise<void> {
    while (this.writes.size > 0) await Promise.all(this.writes);
  }
}

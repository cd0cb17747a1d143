// Sends what is queued in the outbox, as soon as it is due: runs the claim–send–record loop per platform
// that this process has a channel for. The parts live beside it: claiming due deliveries under a lease and
// dropping unwanted ones (delivery-claims.ts), sending them within rate limits, many LINE recipients of
// one message in multicast batches (delivery-sender.ts, rate-limiter.ts), and the retry policy that
// records each as sent, queued again or failed with the reason (delivery-outcome.ts).
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { ChannelAdapter } from "../engine/adapter.ts";
import type { Db } from "../storage/database.ts";
import { claimDue, dropUnwanted, renewWhileSending, type DeliveryGuard } from "./delivery-claims.ts";
import type { DeliveryRow, FlushReport } from "./delivery-outcome.ts";
import { DeliverySender } from "./delivery-sender.ts";
import { MonthlyQuota } from "./monthly-quota.ts";
import { RateLimiter } from "./rate-limiter.ts";

export { MAX_DELIVERY_ATTEMPTS, type FlushReport } from "./delivery-outcome.ts";
export type { DeliveryGuard } from "./delivery-claims.ts";

/** How long a claim holds without renewal: a dead process's deliveries are free again after this. */
export const SEND_LEASE_MS = 15_000;
/** A platform that never answers must not hold the scheduler's tick (and every other job) for good. */
export const SEND_TIMEOUT_MS = 60_000;

/** How often a running outbox looks for deliveries another process queued (the CLI beside the server). */
export const WATCH_EVERY_MS = 1_000;
/** Requests in flight per platform by default; the rate limiter still spaces their starts. */
export const DEFAULT_CONCURRENCY: Record<string, number> = { slack: 10, line: 10, mattermost: 4, email: 4, webhook: 4, console: 1 };

export interface OutboxOptions {
  limiter?: RateLimiter;
  /** lease of claimed deliveries; renewed every third of it while sending */
  leaseMs?: number;
  /** a send that takes longer is given up on and retried later (under the same retry key) */
  sendTimeoutMs?: number;
  /** the time kicks flush at (tests control it) */
  clock?: () => Date;
  /** requests in flight per platform (DEFAULT_CONCURRENCY otherwise) */
  concurrency?: Record<string, number>;
}

export class Outbox {
  private readonly db: Db;
  private readonly logger: Logger;
  private readonly adapters: Map<string, ChannelAdapter>;
  private readonly guards: Array<{ prefix: string; stillWanted: DeliveryGuard }> = [];
  private readonly leaseMs: number;
  private readonly clock: () => Date;
  private readonly sender: DeliverySender;
  private readonly limiter: RateLimiter;
  /** per platform, the run a kick started, and whether another kick came meanwhile */
  private readonly runs = new Map<string, Promise<void>>();
  private readonly runAgain = new Set<string>();
  private watcher: NodeJS.Timeout | undefined;
  private readonly soonTimers = new Set<NodeJS.Timeout>();

  constructor(db: Db, logger: Logger, adapters: ChannelAdapter[], options: RateLimiter | OutboxOptions = {}) {
    this.db = db;
    this.logger = logger;
    this.adapters = new Map(adapters.map((a) => [a.platform, a]));
    const opts = options instanceof RateLimiter ? { limiter: options } : options;
    this.limiter = opts.limiter ?? new RateLimiter();
    this.leaseMs = opts.leaseMs ?? SEND_LEASE_MS;
    this.clock = opts.clock ?? (() => new Date());
    this.sender = new DeliverySender({
      db,
      logger,
      adapters: this.adapters,
      limiter: this.limiter,
      quota: new MonthlyQuota(db),
      sendTimeoutMs: opts.sendTimeoutMs ?? SEND_TIMEOUT_MS,
      concurrency: { ...DEFAULT_CONCURRENCY, ...opts.concurrency },
    });
  }

  /**
   * A running Kyodo sends deliveries as they become due rather than at the scheduler's 15-second tick:
   * what this process queues is announced (`soon`), and what another process queued (the CLI) is found
   * by a cheap look every second.
   */
  watch(): void {
    if (this.watcher) return;
    this.watcher = setInterval(() => void this.kickIfDue(), WATCH_EVERY_MS);
    this.watcher.unref();
  }

  /** Stops watching (before close); a run in progress finishes (see `idle`). */
  unwatch(): void {
    if (this.watcher) clearInterval(this.watcher);
    this.watcher = undefined;
    for (const timer of this.soonTimers) clearTimeout(timer);
    this.soonTimers.clear();
  }

  /**
   * Deliveries were just queued, due at `at`: send them then. They may be queued inside a transaction not
   * yet committed, so the kick comes a moment later, and once more after that.
   */
  soon(at: Date): void {
    if (!this.watcher) return;
    const wait = Math.max(0, at.getTime() - this.clock().getTime());
    // Far-off deliveries (office hours tomorrow) are left to the watch; a timer holds only the near future.
    if (wait > 60 * 60_000) return;
    for (const delay of [wait + 5, wait + 250]) {
      const timer = setTimeout(() => {
        this.soonTimers.delete(timer);
        this.kick();
      }, delay);
      timer.unref();
      this.soonTimers.add(timer);
    }
  }

  private async kickIfDue(): Promise<void> {
    const idle = [...this.adapters.keys()].filter((platform) => !this.runs.has(platform));
    if (idle.length === 0) return;
    try {
      const due = await this.db.delivery.findMany({
        where: { state: { in: ["queued", "sending"] }, nextAttemptAt: { lte: this.clock() }, platform: { in: idle } },
        distinct: ["platform"],
        select: { platform: true },
      });
      for (const { platform } of due) this.kickPlatform(platform);
    } catch (error) {
      this.logger.warn({ err: error }, "outbox watch failed");
    }
  }

  /**
   * Sends what is due now, in the background, without waiting for the scheduler's next tick: called
   * when work was just queued. Each platform runs by itself: a platform still sending a long broadcast
   * (Slack at 20 a second) does not hold up what is queued for another meanwhile. A kick during a
   * platform's run makes one more run of it after, so nothing queued meanwhile waits for the tick.
   */
  kick(): void {
    for (const platform of this.adapters.keys()) this.kickPlatform(platform);
  }

  private kickPlatform(platform: string): void {
    if (this.runs.has(platform)) {
      this.runAgain.add(platform);
      return;
    }
    const run = (async () => {
      do {
        this.runAgain.delete(platform);
        try {
          await this.flushPlatform(platform, this.clock(), { sent: 0, retrying: 0, failed: 0 });
        } catch (error) {
          this.logger.error({ err: error, platform }, "outbox flush failed");
        }
      } while (this.runAgain.has(platform));
    })().finally(() => this.runs.delete(platform));
    this.runs.set(platform, run);
  }

  /** Resolves when the runs started by kicks are over, and what they wrote is done (before closing the database). */
  async idle(): Promise<void> {
    while (this.runs.size > 0) await Promise.all(this.runs.values());
    await this.limiter.settled();
  }

  /** Adds a channel that starts after Kyodo (the console). */
  register(adapter: ChannelAdapter): void {
    this.adapters.set(adapter.platform, adapter);
  }

  /** Re-checks deliveries whose source starts with `prefix` at the moment they would be sent. */
  guard(prefix: string, stillWanted: DeliveryGuard): void {
    this.guards.push({ prefix, stillWanted });
  }

  /** Sends every delivery due by `now`; returns what happened. */
  async flush(now = new Date()): Promise<FlushReport> {
    const report: FlushReport = { sent: 0, retrying: 0, failed: 0 };
    await Promise.all([...this.adapters.keys()].map((platform) => this.flushPlatform(platform, now, report)));
    return report;
  }

  /**
   * One platform's due deliveries, batch after batch. Platforms run side by side (a slow Slack does not
   * hold up LINE), and the next batch is claimed — and checked by the guards — while the current one is
   * sent, and sent while the current one's outcomes are still being written, so a paced platform keeps its
   * pace from one batch to the next. A batch's claim is renewed until its outcomes are written.
   */
  private async flushPlatform(platform: string, now: Date, report: FlushReport): Promise<void> {
    let next = this.claimBatch(platform, now, report);
    const recorded: Array<Promise<void>> = [];
    try {
      for (;;) {
        const batch = await next;
        if (!batch) break;
        next = this.claimBatch(platform, now, report);
        next.catch(() => undefined); // awaited on the next round; not an unhandled rejection meanwhile
        let sent: { recorded: Promise<void> };
        try {
          sent = await this.sender.send(batch.rows, now, report);
        } catch (error) {
          clearInterval(batch.renewal);
          throw error;
        }
        const written = sent.recorded.finally(() => clearInterval(batch.renewal));
        written.catch(() => undefined); // awaited below
        recorded.push(written);
      }
      await Promise.all(recorded);
    } finally {
      // A send that threw leaves a claimed next batch: stop renewing it, so its lease runs out and it is sent again.
      void next.then((batch) => batch && clearInterval(batch.renewal)).catch(() => undefined);
    }
  }

  private async claimBatch(
    platform: string,
    now: Date,
    report: FlushReport,
  ): Promise<{ rows: DeliveryRow[]; renewal: NodeJS.Timeout } | undefined> {
    const marker = randomUUID();
    const claimed = await claimDue(this.db, platform, now, marker, this.leaseMs);
    if (claimed.length === 0) return undefined;
    const renewal = renewWhileSending(this.db, this.logger, now, marker, this.leaseMs);
    try {
      return { rows: await dropUnwanted(this.db, this.logger, this.guards, claimed, now, report), renewal };
    } catch (error) {
      clearInterval(renewal);
      throw error;
    }
  }
}

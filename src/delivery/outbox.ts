// Sends what is queued in the outbox: claims due deliveries of the channels this process runs (a
// conditional UPDATE, so two processes never send the same one; a channel this process lacks is left to
// a process that has it), sends them through the channel adapters within rate limits — many LINE
// recipients of one message in multicast batches of at most 500 — and records each as sent, or failed
// with the reason. The outbox owns the retries of deliveries: an adapter tries once, and a rate limit or
// server error reschedules the delivery (after the platform's Retry-After, else a growing delay) instead
// of sleeping on it while other recipients wait. A claim is a short lease, renewed while sending, so
// the work of a process that died is taken over within seconds, resent under the same retry key.
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import { canMulticast, DeliveryError, type ChannelAdapter } from "../engine/adapter.ts";
import type { ConversationRef, OutboundMessage } from "../engine/messages.ts";
import type { Db } from "../storage/database.ts";
import { backoffMs, classifyDeliveryError } from "./classify-error.ts";
import { RateLimiter } from "./rate-limiter.ts";
import { claimDueDeliveryIdsSkipLocked } from "../storage/claims.ts";
import { providerOf } from "../storage/provider.ts";

export const MAX_DELIVERY_ATTEMPTS = 8;
const CLAIM_BATCH = 500;
/** How long a claim holds without renewal: a dead process's deliveries are free again after this. */
export const SEND_LEASE_MS = 15_000;
/** A platform that never answers must not hold the scheduler's tick (and every other job) for good. */
export const SEND_TIMEOUT_MS = 60_000;

/** How often a running outbox looks for deliveries another process queued (the CLI beside the server). */
export const WATCH_EVERY_MS = 1_000;
/** Requests in flight per platform by default; the rate limiter still spaces their starts. */
export const DEFAULT_CONCURRENCY: Record<string, number> = { slack: 10, line: 10, mattermost: 4, email: 4, webhook: 4, console: 1 };

/** Runs `work` over `items` with at most `limit` at once. */
async function inPool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

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

type DeliveryRow = Awaited<ReturnType<Db["delivery"]["findFirstOrThrow"]>>;

export interface FlushReport {
  sent: number;
  retrying: number;
  failed: number;
  /** dropped at send time because a guard said they are no longer wanted */
  skipped?: number;
}

/**
 * Asked just before a delivery goes out: undefined to send it, or the reason it is no longer wanted
 * (e.g. a reminder to a body that answered while it waited for office hours). Registered per source prefix.
 */
export type DeliveryGuard = (
  delivery: { source: string; personId: string | null; bodyId: string | null },
  now: Date,
) => Promise<string | undefined>;

export class Outbox {
  private readonly db: Db;
  private readonly logger: Logger;
  private readonly adapters: Map<string, ChannelAdapter>;
  private readonly limiter: RateLimiter;
  private readonly guards: Array<{ prefix: string; stillWanted: DeliveryGuard }> = [];
  private readonly leaseMs: number;
  private readonly sendTimeoutMs: number;
  private readonly clock: () => Date;
  private readonly concurrency: Record<string, number>;
  private kicked: Promise<void> | undefined;
  private kickAgain = false;
  private watcher: NodeJS.Timeout | undefined;
  private readonly soonTimers = new Set<NodeJS.Timeout>();

  constructor(db: Db, logger: Logger, adapters: ChannelAdapter[], options: RateLimiter | OutboxOptions = {}) {
    this.db = db;
    this.logger = logger;
    this.adapters = new Map(adapters.map((a) => [a.platform, a]));
    const opts = options instanceof RateLimiter ? { limiter: options } : options;
    this.limiter = opts.limiter ?? new RateLimiter();
    this.leaseMs = opts.leaseMs ?? SEND_LEASE_MS;
    this.sendTimeoutMs = opts.sendTimeoutMs ?? SEND_TIMEOUT_MS;
    this.clock = opts.clock ?? (() => new Date());
    this.concurrency = { ...DEFAULT_CONCURRENCY, ...opts.concurrency };
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
    if (this.kicked) return;
    const platforms = [...this.adapters.keys()];
    if (platforms.length === 0) return;
    try {
      const due = await this.db.delivery.findFirst({
        where: { state: { in: ["queued", "sending"] }, nextAttemptAt: { lte: this.clock() }, platform: { in: platforms } },
        select: { id: true },
      });
      if (due) this.kick();
    } catch (error) {
      this.logger.warn({ err: error }, "outbox watch failed");
    }
  }

  /**
   * Sends what is due now, in the background, without waiting for the scheduler's next tick: called
   * when work was just queued. Kicks during a run make one more run after it, so nothing queued
   * meanwhile waits for the tick.
   */
  kick(): void {
    if (this.kicked) {
      this.kickAgain = true;
      return;
    }
    this.kicked = (async () => {
      do {
        this.kickAgain = false;
        try {
          await this.flush(this.clock());
        } catch (error) {
          this.logger.error({ err: error }, "outbox flush failed");
        }
      } while (this.kickAgain);
    })().finally(() => {
      this.kicked = undefined;
    });
  }

  /** Resolves when the runs started by kicks are over. */
  async idle(): Promise<void> {
    while (this.kicked) await this.kicked;
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
   * sent, so a paced platform keeps its pace from one batch to the next.
   */
  private async flushPlatform(platform: string, now: Date, report: FlushReport): Promise<void> {
    let next = this.claimBatch(platform, now, report);
    try {
      for (;;) {
        const batch = await next;
        if (!batch) return;
        next = this.claimBatch(platform, now, report);
        next.catch(() => undefined); // awaited on the next round; not an unhandled rejection meanwhile
        try {
          await this.send(batch.rows, now, report);
        } finally {
          clearInterval(batch.renewal);
        }
      }
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
    const claimed = await this.claim(now, marker, platform);
    if (claimed.length === 0) return undefined;
    const renewal = this.renewWhileSending(now, marker);
    try {
      return { rows: await this.dropUnwanted(claimed, now, report), renewal };
    } catch (error) {
      clearInterval(renewal);
      throw error;
    }
  }

  /** Keeps extending the lease of this claim's rows still being sent; the lease runs on the flush's
   *  clock (`now` plus the time spent), so it stays consistent with the claim. */
  private renewWhileSending(now: Date, marker: string): NodeJS.Timeout {
    const started = Date.now();
    const timer = setInterval(
      () => {
        const until = new Date(now.getTime() + (Date.now() - started) + this.leaseMs);
        this.db.delivery
          .updateMany({ where: { state: "sending", lastError: `claim:${marker}` }, data: { nextAttemptAt: until } })
          .catch((error: unknown) => this.logger.warn({ err: error }, "outbox lease renewal failed"));
      },
      Math.max(50, Math.floor(this.leaseMs / 3)),
    );
    timer.unref();
    return timer;
  }

  private async claim(now: Date, marker: string, platform: string): Promise<DeliveryRow[]> {
    // "sending" rows whose lease ran out belong to a process that died mid-send: take them over (the
    // platform retry key, where there is one, keeps a resend from showing twice). One platform this
    // process runs at a time: another process may run the rest.
    if (providerOf(this.db) === "postgresql") {
      const claimed = await claimDueDeliveryIdsSkipLocked(
        this.db,
        `claim:${marker}`,
        [platform],
        now,
        new Date(now.getTime() + this.leaseMs),
        CLAIM_BATCH,
      );
      if (claimed.length === 0) return [];
      return this.db.delivery.findMany({ where: { id: { in: claimed } }, orderBy: { createdAt: "asc" } });
    }
    const due = await this.db.delivery.findMany({
      where: { state: { in: ["queued", "sending"] }, nextAttemptAt: { lte: now }, platform },
      orderBy: { createdAt: "asc" },
      take: CLAIM_BATCH,
      select: { id: true },
    });
    if (due.length === 0) return [];
    const ids = due.map((d) => d.id);
    // Claim by flipping state; rows another process flipped first are simply not ours.
    await this.db.delivery.updateMany({
      where: { id: { in: ids }, state: { in: ["queued", "sending"] }, nextAttemptAt: { lte: now } },
      data: { state: "sending", lastError: `claim:${marker}`, nextAttemptAt: new Date(now.getTime() + this.leaseMs) },
    });
    return this.db.delivery.findMany({ where: { id: { in: ids }, state: "sending", lastError: `claim:${marker}` } });
  }

  private async send(deliveries: DeliveryRow[], now: Date, report: FlushReport): Promise<void> {
    const singles: DeliveryRow[] = [];
    const batches = new Map<string, DeliveryRow[]>();
    for (const delivery of deliveries) {
      const adapter = this.adapters.get(delivery.platform);
      if (adapter && canMulticast(adapter) && delivery.personId) {
        // One message to many people of one platform: group by source and content.
        const group = `${delivery.platform}\u0000${delivery.source}\u0000${delivery.message}`;
        batches.set(group, [...(batches.get(group) ?? []), delivery]);
      } else singles.push(delivery);
    }
    // Platforms are sent to side by side (a slow Slack does not hold up LINE), and within one platform
    // several requests are in flight — multicast batches, and conversations — while the rate limiter spaces
    // their starts to the platform's pace. One conversation's messages go one after the other, in order.
    const platforms = new Set(deliveries.map((d) => d.platform));
    await Promise.all(
      [...platforms].map(async (platform) => {
        const tasks: Array<() => Promise<void>> = [];
        for (const group of batches.values()) if (group[0]!.platform === platform) tasks.push(() => this.sendMulticast(group, now, report));
        const conversations = new Map<string, DeliveryRow[]>();
        for (const delivery of singles) {
          if (delivery.platform !== platform) continue;
          const rows = conversations.get(delivery.target);
          if (rows) rows.push(delivery);
          else conversations.set(delivery.target, [delivery]);
        }
        for (const rows of conversations.values())
          tasks.push(async () => {
            for (const delivery of rows) await this.sendOne(delivery, now, report);
          });
        await inPool(tasks, this.concurrency[platform] ?? 1, (task) => task());
      }),
    );
  }

  /** Marks deliveries a guard no longer wants as skipped (with its reason) and returns the rest. */
  private async dropUnwanted(rows: DeliveryRow[], now: Date, report: FlushReport): Promise<DeliveryRow[]> {
    if (this.guards.length === 0) return rows;
    const keep: DeliveryRow[] = [];
    // One answer per source and body: a reminder to 500 people of 50 bodies asks 50 times, not 500.
    const answers = new Map<string, Promise<string | undefined>>();
    for (const row of rows) {
      const guard = this.guards.find((g) => row.source.startsWith(g.prefix));
      if (!guard) {
        keep.push(row);
        continue;
      }
      const key = `${row.source}\u0000${row.bodyId ?? ""}\u0000${row.bodyId ? "" : (row.personId ?? "")}`;
      // A guard that fails sends the message anyway: a needless reminder is better than a lost one.
      if (!answers.has(key))
        answers.set(
          key,
          guard
            .stillWanted(row, now)
            .catch((error: unknown) => (this.logger.warn({ err: error, source: row.source }, "delivery guard failed"), undefined)),
        );
      const reason = await answers.get(key)!;
      if (reason === undefined) {
        keep.push(row);
        continue;
      }
      await this.db.delivery.updateMany({
        where: { id: row.id, state: "sending" },
        data: { state: "skipped", lastError: reason.slice(0, 500) },
      });
      report.skipped = (report.skipped ?? 0) + 1;
    }
    return keep;
  }

  private async sendOne(delivery: DeliveryRow, now: Date, report: FlushReport): Promise<void> {
    const adapter = this.adapters.get(delivery.platform)!;
    const ref = JSON.parse(delivery.target) as ConversationRef;
    try {
      await this.limiter.acquire(delivery.platform, ref.conversationId);
      await this.timed(adapter.post(ref, JSON.parse(delivery.message) as OutboundMessage, delivery.idempotencyKey));
      await this.record([delivery], now, report);
    } catch (error) {
      await this.record([delivery], now, report, error);
    } finally {
      this.limiter.finished(delivery.platform, ref.conversationId);
    }
  }

  private async sendMulticast(group: DeliveryRow[], now: Date, report: FlushReport): Promise<void> {
    const adapter = this.adapters.get(group[0]!.platform);
    if (!adapter || !canMulticast(adapter)) return;
    // A batch keeps its key across retries (the platform's retry key), so split off rows already batched.
    const byBatch = new Map<string, DeliveryRow[]>();
    const fresh: DeliveryRow[] = [];
    for (const row of group) {
      if (row.batchKey) byBatch.set(row.batchKey, [...(byBatch.get(row.batchKey) ?? []), row]);
      else fresh.push(row);
    }
    for (let i = 0; i < fresh.length; i += adapter.multicastLimit) {
      const chunk = fresh.slice(i, i + adapter.multicastLimit);
      const batchKey = randomUUID();
      await this.db.delivery.updateMany({ where: { id: { in: chunk.map((d) => d.id) } }, data: { batchKey } });
      byBatch.set(batchKey, chunk);
    }
    for (const [batchKey, rows] of byBatch) {
      const refs = rows.map((r) => JSON.parse(r.target) as ConversationRef);
      try {
        await this.limiter.acquire(adapter.platform, `multicast:${batchKey}`);
        await this.timed(adapter.multicast(refs, JSON.parse(rows[0]!.message) as OutboundMessage, batchKey));
        await this.record(rows, now, report);
      } catch (error) {
        await this.record(rows, now, report, error);
      } finally {
        this.limiter.finished(adapter.platform, `multicast:${batchKey}`);
      }
    }
  }

  /** Waits for a send, but not longer than the send timeout: then it counts as a retryable failure
   *  (the retry key keeps a late arrival of the abandoned request from showing twice). */
  private async timed(send: Promise<void>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new DeliveryError(`no answer within ${this.sendTimeoutMs} ms`, { retryable: true })),
        this.sendTimeoutMs,
      );
    });
    try {
      await Promise.race([send, timeout]);
    } finally {
      clearTimeout(timer);
      send.catch(() => undefined);
    }
  }

  private async record(rows: DeliveryRow[], now: Date, report: FlushReport, error?: unknown): Promise<void> {
    const ids = rows.map((r) => r.id);
    if (error === undefined) {
      await this.db.delivery.updateMany({
        where: { id: { in: ids } },
        data: { state: "sent", sentAt: new Date(), lastError: null, attempts: { increment: 1 } },
      });
      report.sent += rows.length;
      return;
    }
    const failure = classifyDeliveryError(error);
    const attempts = rows[0]!.attempts + 1;
    const retry = failure.retryable && attempts < MAX_DELIVERY_ATTEMPTS;
    if (failure.reason === "already accepted (409)") {
      // The platform had accepted this batch on an earlier try whose answer we lost: it was delivered.
      await this.db.delivery.updateMany({
        where: { id: { in: ids } },
        data: { state: "sent", sentAt: new Date(), lastError: null, attempts },
      });
      report.sent += rows.length;
      return;
    }
    this.logger.warn({ deliveries: ids.length, platform: rows[0]!.platform, attempts, retry, reason: failure.reason }, "delivery failed");
    await this.db.delivery.updateMany({
      where: { id: { in: ids } },
      data: retry
        ? {
            state: "queued",
            attempts,
            lastError: failure.reason.slice(0, 500),
            nextAttemptAt: new Date(now.getTime() + backoffMs(attempts, failure.retryAfterMs)),
          }
        : { state: "failed", attempts, lastError: failure.reason.slice(0, 500) },
    });
    if (retry) report.retrying += rows.length;
    else report.failed += rows.length;
  }
}

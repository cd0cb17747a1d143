// Sends what is queued in the outbox: claims due deliveries (a conditional UPDATE, so two processes never
// send the same one), sends them through the channel adapters within rate limits — many LINE recipients
// of one message in multicast batches of at most 500 — and records each as sent, or failed with the
// reason, retrying rate limits and server errors with backoff.
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import { canMulticast, type ChannelAdapter } from "../engine/adapter.ts";
import type { ConversationRef, OutboundMessage } from "../engine/messages.ts";
import type { Db } from "../storage/database.ts";
import { backoffMs, classifyDeliveryError } from "./classify-error.ts";
import { RateLimiter } from "./rate-limiter.ts";

export const MAX_DELIVERY_ATTEMPTS = 8;
const CLAIM_BATCH = 500;
const SEND_LEASE_MS = 10 * 60_000;

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
export type DeliveryGuard = (delivery: { source: string; personId: string | null; bodyId: string | null }, now: Date) => Promise<string | undefined>;

export class Outbox {
  private readonly db: Db;
  private readonly logger: Logger;
  private readonly adapters: Map<string, ChannelAdapter>;
  private readonly limiter: RateLimiter;
  private readonly guards: Array<{ prefix: string; stillWanted: DeliveryGuard }> = [];

  constructor(db: Db, logger: Logger, adapters: ChannelAdapter[], limiter = new RateLimiter()) {
    this.db = db;
    this.logger = logger;
    this.adapters = new Map(adapters.map((a) => [a.platform, a]));
    this.limiter = limiter;
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
    for (;;) {
      const claimed = await this.claim(now);
      if (claimed.length === 0) return report;
      await this.send(claimed, now, report);
    }
  }

  private async claim(now: Date): Promise<DeliveryRow[]> {
    // "sending" rows whose lease ran out belong to a process that died mid-send: take them over (the
    // platform retry key, where there is one, keeps a resend from showing twice).
    const due = await this.db.delivery.findMany({
      where: { state: { in: ["queued", "sending"] }, nextAttemptAt: { lte: now } },
      orderBy: { createdAt: "asc" },
      take: CLAIM_BATCH,
      select: { id: true },
    });
    if (due.length === 0) return [];
    const ids = due.map((d) => d.id);
    const marker = randomUUID();
    // Claim by flipping state; rows another process flipped first are simply not ours.
    await this.db.delivery.updateMany({
      where: { id: { in: ids }, state: { in: ["queued", "sending"] }, nextAttemptAt: { lte: now } },
      data: { state: "sending", lastError: `claim:${marker}`, nextAttemptAt: new Date(now.getTime() + SEND_LEASE_MS) },
    });
    return this.db.delivery.findMany({ where: { id: { in: ids }, state: "sending", lastError: `claim:${marker}` } });
  }

  private async send(deliveries: DeliveryRow[], now: Date, report: FlushReport): Promise<void> {
    deliveries = await this.dropUnwanted(deliveries, now, report);
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
    for (const group of batches.values()) await this.sendMulticast(group, now, report);
    for (const delivery of singles) await this.sendOne(delivery, now, report);
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
      if (!answers.has(key)) answers.set(key, guard.stillWanted(row, now).catch((error: unknown) => (this.logger.warn({ err: error, source: row.source }, "delivery guard failed"), undefined)));
      const reason = await answers.get(key)!;
      if (reason === undefined) {
        keep.push(row);
        continue;
      }
      await this.db.delivery.updateMany({ where: { id: row.id, state: "sending" }, data: { state: "skipped", lastError: reason.slice(0, 500) } });
      report.skipped = (report.skipped ?? 0) + 1;
    }
    return keep;
  }

  private async sendOne(delivery: DeliveryRow, now: Date, report: FlushReport): Promise<void> {
    const adapter = this.adapters.get(delivery.platform);
    if (!adapter) return this.record([delivery], now, report, new Error(`channel ${delivery.platform} is not running`), false);
    const ref = JSON.parse(delivery.target) as ConversationRef;
    try {
      await this.limiter.acquire(delivery.platform, ref.conversationId);
      await adapter.post(ref, JSON.parse(delivery.message) as OutboundMessage, delivery.idempotencyKey);
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
        await adapter.multicast(refs, JSON.parse(rows[0]!.message) as OutboundMessage, batchKey);
        await this.record(rows, now, report);
      } catch (error) {
        await this.record(rows, now, report, error);
      } finally {
        this.limiter.finished(adapter.platform, `multicast:${batchKey}`);
      }
    }
  }

  private async record(rows: DeliveryRow[], now: Date, report: FlushReport, error?: unknown, retryable?: boolean): Promise<void> {
    const ids = rows.map((r) => r.id);
    if (error === undefined) {
      await this.db.delivery.updateMany({ where: { id: { in: ids } }, data: { state: "sent", sentAt: new Date(), lastError: null, attempts: { increment: 1 } } });
      report.sent += rows.length;
      return;
    }
    const failure = classifyDeliveryError(error);
    const attempts = rows[0]!.attempts + 1;
    const retry = (retryable ?? failure.retryable) && attempts < MAX_DELIVERY_ATTEMPTS;
    if (failure.reason === "already accepted (409)") {
      // The platform had accepted this batch on an earlier try whose answer we lost: it was delivered.
      await this.db.delivery.updateMany({ where: { id: { in: ids } }, data: { state: "sent", sentAt: new Date(), lastError: null, attempts } });
      report.sent += rows.length;
      return;
    }
    this.logger.warn({ deliveries: ids.length, platform: rows[0]!.platform, attempts, retry, reason: failure.reason }, "delivery failed");
    await this.db.delivery.updateMany({
      where: { id: { in: ids } },
      data: retry
        ? { state: "queued", attempts, lastError: failure.reason.slice(0, 500), nextAttemptAt: new Date(now.getTime() + backoffMs(attempts, failure.retryAfterMs)) }
        : { state: "failed", attempts, lastError: failure.reason.slice(0, 500) },
    });
    if (retry) report.retrying += rows.length;
    else report.failed += rows.length;
  }
}

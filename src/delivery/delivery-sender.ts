// Sends claimed deliveries through the channel adapters within rate limits: platforms side by side (a slow
// Slack does not hold up LINE), and within one platform several requests in flight — multicast batches
// (many LINE recipients of one message, at most 500 a request) and conversations — while the rate limiter
// keeps them to the platform's pace. One conversation's messages go one after the other, in order.
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import { canMulticast, DeliveryError, type ChannelAdapter } from "../engine/adapter.ts";
import type { ConversationRef, OutboundMessage } from "../engine/messages.ts";
import { conversationRefSchema, outboundMessageSchema } from "../engine/stored-shapes.ts";
import { readJsonColumn, StoredJsonError } from "../lib/json-column.ts";
import type { Db } from "../storage/database.ts";
import { providerOf, sqlParameter } from "../storage/provider.ts";
import { recordOutcome, SentRecorder, type DeliveryRow, type FlushReport } from "./delivery-outcome.ts";
import type { MonthlyQuota } from "./monthly-quota.ts";
import type { RateLimiter } from "./rate-limiter.ts";

/** A delivery's target and message, read through their schemas: a row an older version wrote in another shape,
 *  or a damaged one, is named instead of being sent half-read. */
function readDelivery(row: DeliveryRow): { ref: ConversationRef; message: OutboundMessage } {
  return {
    ref: readJsonColumn(conversationRefSchema, row.target, `Delivery ${row.id}.target`),
    message: readJsonColumn(outboundMessageSchema, row.message, `Delivery ${row.id}.message`),
  };
}

/** Such a row fails the same way on every try: failed at once, with the reason, not retried. */
function unreadable(error: unknown): DeliveryError {
  if (!(error instanceof StoredJsonError)) throw error;
  return new DeliveryError(error.message, { retryable: false });
}

/** Platforms whose sends count against a monthly message quota (LINE: pushes and multicasts). */
const QUOTA_PLATFORMS = new Set(["line"]);

/** Writes how a request for `rows` ended, without holding up the next request (see `send`). */
type RecordOutcome = (rows: DeliveryRow[], error?: unknown) => void;

/** Runs `work` over `items` with at most `limit` at once. */
async function inPool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

/** Rows whose retry keys one statement writes: three bound values each, within SQLite's 999. */
const BATCH_KEYS_PER_STATEMENT = 300;

/**
 * Writes the retry keys of new multicast batches, a few hundred rows a statement, in one transaction. A
 * statement per batch was a statement per row for personal messages (each its own batch of one): 500 in
 * one transaction per claim, which held SQLite — on the event loop — for 50–800 ms in bench-fanout, while
 * every request in flight waited to be answered.
 */
async function writeBatchKeys(db: Db, batches: Array<{ batchKey: string; ids: string[] }>): Promise<void> {
  const rows = batches.flatMap(({ batchKey, ids }) => ids.map((id) => ({ id, batchKey })));
  const provider = providerOf(db);
  await db.$transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += BATCH_KEYS_PER_STATEMENT) {
      const slice = rows.slice(i, i + BATCH_KEYS_PER_STATEMENT);
      let n = 0;
      const param = () => sqlParameter(provider, ++n);
      const cases = slice.map(() => `WHEN ${param()} THEN ${param()}`).join(" ");
      const ids = slice.map(() => param()).join(", ");
      await tx.$executeRawUnsafe(
        `UPDATE "Delivery" SET "batchKey" = CASE "id" ${cases} END WHERE "id" IN (${ids})`,
        ...slice.flatMap((r) => [r.id, r.batchKey]),
        ...slice.map((r) => r.id),
      );
    }
  });
}

export interface SenderSettings {
  db: Db;
  logger: Logger;
  adapters: Map<string, ChannelAdapter>;
  limiter: RateLimiter;
  /** the monthly message quota, as every instance knows it */
  quota: MonthlyQuota;
  /** a send that takes longer is given up on and retried later (under the same retry key) */
  sendTimeoutMs: number;
  /** requests in flight per platform */
  concurrency: Record<string, number>;
}

export class DeliverySender {
  private readonly settings: SenderSettings;
  private readonly sent: SentRecorder;

  constructor(settings: SenderSettings) {
    this.settings = settings;
    this.sent = new SentRecorder(settings.db);
  }

  /**
   * Sends the claimed deliveries; resolves once every request was answered (or given up on), with
   * `recorded`, which resolves once every outcome is written. The two are apart so that the next claim's
   * requests need not wait for this one's writes: a send's outcome waits to be written together with others
   * (SentRecorder), and a request slot held meanwhile would cost the platform's pace.
   */
  async send(deliveries: DeliveryRow[], now: Date, report: FlushReport): Promise<{ recorded: Promise<void> }> {
    const { adapters, concurrency } = this.settings;
    const writes: Array<Promise<void>> = [];
    const record = (rows: DeliveryRow[], error?: unknown) => {
      const write = this.record(rows, now, report, error);
      write.catch(() => undefined); // awaited through `recorded`; not an unhandled rejection meanwhile
      writes.push(write);
    };
    const singles: DeliveryRow[] = [];
    const batches = new Map<string, DeliveryRow[]>();
    for (const delivery of deliveries) {
      const adapter = adapters.get(delivery.platform);
      if (adapter && canMulticast(adapter) && delivery.personId) {
        // One message to many people of one platform: group by source and content.
        const group = `${delivery.platform}\u0000${delivery.source}\u0000${delivery.message}`;
        batches.set(group, [...(batches.get(group) ?? []), delivery]);
      } else singles.push(delivery);
    }
    const multicasts = await this.batchesOf([...batches.values()]);
    const platforms = new Set(deliveries.map((d) => d.platform));
    await Promise.all(
      [...platforms].map(async (platform) => {
        const tasks: Array<() => Promise<void>> = [];
        for (const multicast of multicasts)
          if (multicast.platform === platform) tasks.push(() => this.sendMulticast(multicast.byBatch, record));
        const conversations = new Map<string, DeliveryRow[]>();
        for (const delivery of singles) {
          if (delivery.platform !== platform) continue;
          const rows = conversations.get(delivery.target);
          if (rows) rows.push(delivery);
          else conversations.set(delivery.target, [delivery]);
        }
        for (const rows of conversations.values())
          tasks.push(async () => {
            for (const delivery of rows) await this.sendOne(delivery, record);
          });
        await inPool(tasks, concurrency[platform] ?? 1, (task) => task());
      }),
    );
    return { recorded: Promise.all(writes).then(() => undefined) };
  }

  private async sendOne(delivery: DeliveryRow, record: RecordOutcome): Promise<void> {
    const adapter = this.settings.adapters.get(delivery.platform)!;
    let ref: ConversationRef;
    let message: OutboundMessage;
    try {
      ({ ref, message } = readDelivery(delivery));
    } catch (error) {
      return record([delivery], unreadable(error));
    }
    const failure = await this.attempt(delivery.platform, ref.workspace, ref.conversationId, () =>
      adapter.post(ref, message, delivery.idempotencyKey),
    );
    record([delivery], failure?.error);
  }

  /**
   * One request within the limits; resolves to the failure, if any. The limiter hears of the end as soon
   * as the platform answered, before the outcome is written: its estimate of when the request arrived
   * counts from that answer, and a slow database write must not make every send look late.
   */
  private async attempt(
    platform: string,
    workspace: string,
    conversation: string,
    request: () => Promise<void>,
  ): Promise<{ error: unknown } | undefined> {
    const { limiter } = this.settings;
    try {
      await this.checkQuota(platform, workspace);
      await limiter.acquire(platform, conversation);
      try {
        await this.timed(request());
      } finally {
        limiter.finished(platform, conversation);
      }
    } catch (error) {
      await this.noteQuota(platform, workspace, error);
      return { error };
    }
    await this.noteQuota(platform, workspace);
    return undefined;
  }

  /**
   * Splits each group (one message to many people) into the platform's multicast batches. A batch keeps its
   * key across retries (the platform's retry key), so rows batched before keep theirs; the new batches of
   * the whole claim are written in one transaction (one commit, not one per batch).
   */
  private async batchesOf(groups: DeliveryRow[][]): Promise<Array<{ platform: string; byBatch: Map<string, DeliveryRow[]> }>> {
    const { db, adapters } = this.settings;
    const result: Array<{ platform: string; byBatch: Map<string, DeliveryRow[]> }> = [];
    const fresh: Array<{ batchKey: string; ids: string[] }> = [];
    for (const group of groups) {
      const adapter = adapters.get(group[0]!.platform);
      if (!adapter || !canMulticast(adapter)) continue;
      const byBatch = new Map<string, DeliveryRow[]>();
      const unbatched: DeliveryRow[] = [];
      for (const row of group) {
        if (row.batchKey) byBatch.set(row.batchKey, [...(byBatch.get(row.batchKey) ?? []), row]);
        else unbatched.push(row);
      }
      for (let i = 0; i < unbatched.length; i += adapter.multicastLimit) {
        const chunk = unbatched.slice(i, i + adapter.multicastLimit);
        const batchKey = randomUUID();
        fresh.push({ batchKey, ids: chunk.map((d) => d.id) });
        byBatch.set(batchKey, chunk);
      }
      result.push({ platform: adapter.platform, byBatch });
    }
    if (fresh.length > 0) await writeBatchKeys(db, fresh);
    return result;
  }

  private async sendMulticast(byBatch: Map<string, DeliveryRow[]>, record: RecordOutcome): Promise<void> {
    for (const [batchKey, rows] of byBatch) {
      const adapter = this.settings.adapters.get(rows[0]!.platform);
      if (!adapter || !canMulticast(adapter)) return;
      let read: Array<{ ref: ConversationRef; message: OutboundMessage }>;
      try {
        read = rows.map(readDelivery);
      } catch (error) {
        // One batch is one request with one message: a row that cannot be read fails its batch, for review.
        record(rows, unreadable(error));
        continue;
      }
      const refs = read.map((r) => r.ref);
      const failure = await this.attempt(adapter.platform, refs[0]!.workspace, `multicast:${batchKey}`, () =>
        adapter.multicast(refs, read[0]!.message, batchKey),
      );
      record(rows, failure?.error);
    }
  }

  private async checkQuota(platform: string, workspace: string): Promise<void> {
    if (QUOTA_PLATFORMS.has(platform)) await this.settings.quota.check(platform, workspace);
  }

  /** A failure to note the quota must not change what is recorded of the send itself. */
  private async noteQuota(platform: string, workspace: string, error?: unknown): Promise<void> {
    if (!QUOTA_PLATFORMS.has(platform)) return;
    await this.settings.quota
      .note(platform, workspace, error)
      .catch((failure: unknown) => this.settings.logger.warn({ err: failure, platform }, "could not note the monthly quota"));
  }

  private record(rows: DeliveryRow[], now: Date, report: FlushReport, error?: unknown): Promise<void> {
    return recordOutcome(this.settings.db, this.settings.logger, rows, now, report, error, this.sent);
  }

  /** Waits for a send, but not longer than the send timeout: then it counts as a retryable failure
   *  (the retry key keeps a late arrival of the abandoned request from showing twice). */
  private async timed(send: Promise<void>): Promise<void> {
    const { sendTimeoutMs } = this.settings;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DeliveryError(`no answer within ${sendTimeoutMs} ms`, { retryable: true })), sendTimeoutMs);
    });
    try {
      await Promise.race([send, timeout]);
    } finally {
      clearTimeout(timer);
      send.catch(() => undefined);
    }
  }
}

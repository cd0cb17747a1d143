// What becomes of a delivery after a send: sent, or — by the retry policy — queued again after the
// platform's Retry-After (else a growing delay), or failed with its reason. The outbox owns the retries of
// deliveries: an adapter tries once, and a rate limit or server error reschedules the delivery here instead
// of sleeping on it while other recipients wait.
import type { Logger } from "pino";
import type { Db } from "../storage/database.ts";
import { backoffMs, classifyDeliveryError } from "./classify-error.ts";

export const MAX_DELIVERY_ATTEMPTS = 8;

export type DeliveryRow = Awaited<ReturnType<Db["delivery"]["findFirstOrThrow"]>>;

export interface FlushReport {
  sent: number;
  retrying: number;
  failed: number;
  /** dropped at send time because a guard said they are no longer wanted */
  skipped?: number;
}

/** How long sent deliveries wait to be written together, and how many ids one statement takes at most. */
const SENT_GATHER_MS = { repeatsDropped: 200, repeatsDelivered: 20 } as const;
const SENT_PER_STATEMENT = 500;

/**
 * How long a platform's sent deliveries may wait to be written. A process that dies before the write leaves
 * them to be sent again. LINE drops a repeated request by its retry key, so a long window costs nothing
 * there; on Slack, email and the rest a repeat is a second message in front of the person, so their window
 * stays short (kill -9 in scripts/scale-out.ts counts doubled Slack posts).
 */
export function sentGatherMs(platform: string): number {
  return platform === "line" ? SENT_GATHER_MS.repeatsDropped : SENT_GATHER_MS.repeatsDelivered;
}

interface Gathering {
  pending: Array<{ ids: string[]; resolve: () => void; reject: (error: unknown) => void }>;
  timer: NodeJS.Timeout | undefined;
}

/**
 * Writes "sent" for deliveries sent close together in one statement (one commit) instead of one each: on
 * SQLite every commit is a synchronous write on the event loop (synced to disk: 30–70 ms each on the
 * development machine under load), and a fan-out of 2,000 messages made 2,000 of them, delaying the
 * sends' own requests and answers. Gathered for 20 ms, bench-fanout still made about 25 commits a second
 * of one to three rows each, and LINE reached 70–90% of its pace; gathered for 200 ms, a few a second.
 * The sender does not wait for the write before its next request (delivery-sender.ts). A send's outcome
 * is written within sentGatherMs(platform), and its claim stays renewed until then.
 */
export class SentRecorder {
  private readonly db: Db;
  private readonly gatherings = new Map<number, Gathering>();

  constructor(db: Db) {
    this.db = db;
  }

  record(ids: string[], platform: string): Promise<void> {
    const ms = sentGatherMs(platform);
    let gathering = this.gatherings.get(ms);
    if (!gathering) this.gatherings.set(ms, (gathering = { pending: [], timer: undefined }));
    const lane = gathering;
    return new Promise<void>((resolve, reject) => {
      lane.pending.push({ ids, resolve, reject });
      lane.timer ??= setTimeout(() => void this.write(lane), ms);
    });
  }

  private async write(lane: Gathering): Promise<void> {
    const batch = lane.pending;
    lane.pending = [];
    lane.timer = undefined;
    const ids = batch.flatMap((b) => b.ids);
    try {
      for (let i = 0; i < ids.length; i += SENT_PER_STATEMENT)
        await this.db.delivery.updateMany({
          where: { id: { in: ids.slice(i, i + SENT_PER_STATEMENT) } },
          data: { state: "sent", sentAt: new Date(), lastError: null, attempts: { increment: 1 } },
        });
      for (const b of batch) b.resolve();
    } catch (error) {
      for (const b of batch) b.reject(error);
    }
  }
}

/** Records how a send of `rows` (one request: a message, or a multicast batch) ended; `error` when it failed. */
export async function recordOutcome(
  db: Db,
  logger: Logger,
  rows: DeliveryRow[],
  now: Date,
  report: FlushReport,
  error?: unknown,
  sent?: SentRecorder,
): Promise<void> {
  const ids = rows.map((r) => r.id);
  if (error === undefined) {
    if (sent) await sent.record(ids, rows[0]!.platform);
    else
      await db.delivery.updateMany({
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
    await db.delivery.updateMany({
      where: { id: { in: ids } },
      data: { state: "sent", sentAt: new Date(), lastError: null, attempts },
    });
    report.sent += rows.length;
    return;
  }
  logger.warn({ deliveries: ids.length, platform: rows[0]!.platform, attempts, retry, reason: failure.reason }, "delivery failed");
  await db.delivery.updateMany({
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

// The outbox at a glance, and a second chance for what failed: deliveries of any kind (ballot emails,
// reminders, notices, answers handed over by a channel), not only broadcasts, can be put back in the
// queue once the cause is fixed.
import type { Db, DbOrTx } from "../../storage/database.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";

export interface DeliveryFilter {
  platform?: string;
  /** what they belong to, by prefix: "reminder:", "broadcast:<id>", "reply:" */
  source?: string;
  /** one broadcast's deliveries */
  broadcastId?: string;
}

export interface DeliveryCount {
  platform: string;
  state: string;
  count: number;
}

function where(filter: DeliveryFilter) {
  return {
    ...(filter.platform ? { platform: filter.platform } : {}),
    ...(filter.source ? { source: { startsWith: filter.source } } : {}),
    ...(filter.broadcastId ? { broadcastId: filter.broadcastId } : {}),
  };
}

/** How many deliveries are in each state, per platform. */
export async function deliveryCounts(db: DbOrTx, filter: DeliveryFilter = {}): Promise<DeliveryCount[]> {
  const groups = await db.delivery.groupBy({
    by: ["platform", "state"],
    where: where(filter),
    _count: { _all: true },
    orderBy: [{ platform: "asc" }, { state: "asc" }],
  });
  return groups.map((g) => ({ platform: g.platform, state: g.state, count: g._count._all }));
}

/** The most recent failures with their reasons, for deciding what to retry. */
export async function recentFailures(db: DbOrTx, filter: DeliveryFilter = {}, take = 20) {
  return db.delivery.findMany({
    where: { ...where(filter), state: "failed" },
    orderBy: { createdAt: "desc" },
    take,
    select: { source: true, platform: true, lastError: true, attempts: true },
  });
}

/** Puts failed deliveries back in the queue (after the cause was fixed); returns how many. Each keeps
 *  its retry key, so one that did arrive after all is not shown twice where the platform honours it.
 *  Audited: who sent what again is part of the record. */
export async function retryFailed(db: Db, filter: DeliveryFilter, actor: string, now: Date): Promise<number> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.delivery.updateMany({
      where: { ...where(filter), state: "failed" },
      data: { state: "queued", attempts: 0, nextAttemptAt: now, batchKey: null },
    });
    if (count > 0) {
      const broadcast = filter.broadcastId;
      await appendAuditEntry(tx, {
        actor,
        action: broadcast ? "broadcasts.retry" : "deliveries.retry",
        subject: broadcast ? `broadcast:${broadcast}` : `deliveries:${filter.platform ?? "*"}:${filter.source ?? "*"}`,
        payload: { ...filter, count },
        at: now,
      });
    }
    return count;
  });
}

// Taking due deliveries for sending: a conditional UPDATE (PostgreSQL: FOR UPDATE SKIP LOCKED), so two
// processes never send the same one, for one platform at a time (a channel this process lacks is left to a
// process that has it). A claim is a short lease, renewed while sending, so the work of a process that died
// is taken over within seconds, resent under the same retry key. Before sending, guards drop what is no
// longer wanted.
import type { Logger } from "pino";
import type { Db } from "../storage/database.ts";
import { claimDueDeliveryIdsSkipLocked } from "../storage/claims.ts";
import { providerOf } from "../storage/provider.ts";
import type { DeliveryRow, FlushReport } from "./delivery-outcome.ts";

export const CLAIM_BATCH = 500;

/**
 * Asked just before a delivery goes out: undefined to send it, or the reason it is no longer wanted
 * (e.g. a reminder to a body that answered while it waited for office hours). Registered per source prefix.
 */
export type DeliveryGuard = (
  delivery: { source: string; personId: string | null; bodyId: string | null },
  now: Date,
) => Promise<string | undefined>;

export async function claimDue(db: Db, platform: string, now: Date, marker: string, leaseMs: number): Promise<DeliveryRow[]> {
  // "sending" rows whose lease ran out belong to a process that died mid-send: take them over (the
  // platform retry key, where there is one, keeps a resend from showing twice). One platform this
  // process runs at a time: another process may run the rest.
  if (providerOf(db) === "postgresql") {
    const claimed = await claimDueDeliveryIdsSkipLocked(
      db,
      `claim:${marker}`,
      [platform],
      now,
      new Date(now.getTime() + leaseMs),
      CLAIM_BATCH,
    );
    if (claimed.length === 0) return [];
    return db.delivery.findMany({ where: { id: { in: claimed } }, orderBy: { createdAt: "asc" } });
  }
  const due = await db.delivery.findMany({
    where: { state: { in: ["queued", "sending"] }, nextAttemptAt: { lte: now }, platform },
    orderBy: { createdAt: "asc" },
    take: CLAIM_BATCH,
    select: { id: true },
  });
  if (due.length === 0) return [];
  const ids = due.map((d) => d.id);
  // Claim by flipping state; rows another process flipped first are simply not ours.
  await db.delivery.updateMany({
    where: { id: { in: ids }, state: { in: ["queued", "sending"] }, nextAttemptAt: { lte: now } },
    data: { state: "sending", lastError: `claim:${marker}`, nextAttemptAt: new Date(now.getTime() + leaseMs) },
  });
  return db.delivery.findMany({ where: { id: { in: ids }, state: "sending", lastError: `claim:${marker}` } });
}

/** Keeps extending the lease of this claim's rows still being sent; the lease runs on the flush's
 *  clock (`now` plus the time spent), so it stays consistent with the claim. */
export function renewWhileSending(db: Db, logger: Logger, now: Date, marker: string, leaseMs: number): NodeJS.Timeout {
  const started = Date.now();
  const timer = setInterval(
    () => {
      const until = new Date(now.getTime() + (Date.now() - started) + leaseMs);
      db.delivery
        .updateMany({ where: { state: "sending", lastError: `claim:${marker}` }, data: { nextAttemptAt: until } })
        .catch((error: unknown) => logger.warn({ err: error }, "outbox lease renewal failed"));
    },
    Math.max(50, Math.floor(leaseMs / 3)),
  );
  timer.unref();
  return timer;
}

/** Marks deliveries a guard no longer wants as skipped (with its reason) and returns the rest. */
export async function dropUnwanted(
  db: Db,
  logger: Logger,
  guards: Array<{ prefix: string; stillWanted: DeliveryGuard }>,
  rows: DeliveryRow[],
  now: Date,
  report: FlushReport,
): Promise<DeliveryRow[]> {
  if (guards.length === 0) return rows;
  const keep: DeliveryRow[] = [];
  // One answer per source and body: a reminder to 500 people of 50 bodies asks 50 times, not 500.
  const answers = new Map<string, Promise<string | undefined>>();
  for (const row of rows) {
    const guard = guards.find((g) => row.source.startsWith(g.prefix));
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
          .catch((error: unknown) => (logger.warn({ err: error, source: row.source }, "delivery guard failed"), undefined)),
      );
    const reason = await answers.get(key)!;
    if (reason === undefined) {
      keep.push(row);
      continue;
    }
    await db.delivery.updateMany({
      where: { id: row.id, state: "sending" },
      data: { state: "skipped", lastError: reason.slice(0, 500) },
    });
    report.skipped = (report.skipped ?? 0) + 1;
  }
  return keep;
}

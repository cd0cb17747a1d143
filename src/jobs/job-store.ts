// The database side of scheduled work: queue a job once (by key), claim due jobs under a lease, and record
// how each run ended. Claiming is a single conditional UPDATE, so two Kyodo processes on one database
// can never both take the same job; a crashed runner's lease simply expires and the job is taken again.
import { claimDueJobIdsSkipLocked } from "../storage/claims.ts";
import type { Db, DbOrTx } from "../storage/database.ts";
import { providerOf } from "../storage/provider.ts";

export interface NewJob {
  kind: string;
  key: string;
  payload: Record<string, unknown>;
  dueAt: Date;
  maxAttempts?: number;
}

export type JobRow = Awaited<ReturnType<Db["job"]["findFirstOrThrow"]>>;

/** Queues a job unless one with the same key exists (a cancelled one is revived); returns whether it was queued now. */
export async function enqueueJob(db: DbOrTx, job: NewJob): Promise<boolean> {
  const existing = await db.job.findUnique({ where: { key: job.key }, select: { id: true, state: true } });
  if (existing?.state === "cancelled") {
    await db.job.update({
      where: { id: existing.id },
      data: { state: "pending", dueAt: job.dueAt, payload: JSON.stringify(job.payload), finishedAt: null },
    });
    return true;
  }
  if (existing) return false;
  try {
    await db.job.create({
      data: { kind: job.kind, key: job.key, payload: JSON.stringify(job.payload), dueAt: job.dueAt, maxAttempts: job.maxAttempts ?? 5 },
    });
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") return false;
    throw error;
  }
}

/** Cancels pending jobs whose key starts with a prefix (a deadline moved or withdrawn). */
export async function cancelJobs(db: DbOrTx, keyPrefix: string): Promise<number> {
  const { count } = await db.job.updateMany({
    where: { key: { startsWith: keyPrefix }, state: "pending" },
    data: { state: "cancelled", finishedAt: new Date() },
  });
  return count;
}

/** Claims up to `limit` due jobs for this holder. */
export async function claimDueJobs(db: Db, holder: string, now: Date, leaseMs: number, limit = 20): Promise<JobRow[]> {
  if (providerOf(db) === "postgresql") {
    const ids = await claimDueJobIdsSkipLocked(db, holder, now, new Date(now.getTime() + leaseMs), limit);
    if (ids.length === 0) return [];
    return db.job.findMany({ where: { id: { in: ids } }, orderBy: { dueAt: "asc" } });
  }
  const candidates = await db.job.findMany({
    where: {
      dueAt: { lte: now },
      OR: [{ state: "pending" }, { state: "running", leaseUntil: { lt: now } }],
    },
    orderBy: { dueAt: "asc" },
    take: limit,
    select: { id: true, state: true, leaseUntil: true },
  });
  const claimed: JobRow[] = [];
  for (const candidate of candidates) {
    // The WHERE repeats what we saw; if another process got there first, it matches nothing.
    const { count } = await db.job.updateMany({
      where: { id: candidate.id, state: candidate.state, leaseUntil: candidate.leaseUntil },
      data: { state: "running", leaseHolder: holder, leaseUntil: new Date(now.getTime() + leaseMs), attempts: { increment: 1 } },
    });
    if (count === 1) claimed.push(await db.job.findUniqueOrThrow({ where: { id: candidate.id } }));
  }
  return claimed;
}

export async function finishJob(db: Db, job: JobRow, holder: string, state: "done" | "skipped", note?: string): Promise<void> {
  await db.job.updateMany({
    where: { id: job.id, leaseHolder: holder, state: "running" },
    data: { state, finishedAt: new Date(), lastError: note ?? null, leaseUntil: null },
  });
}

/** Records a failure: the job is retried with exponential backoff until its attempts run out. */
export async function failJob(db: Db, job: JobRow, holder: string, error: unknown, now: Date): Promise<"retry" | "failed"> {
  const message = error instanceof Error ? error.message : String(error);
  const exhausted = job.attempts >= job.maxAttempts;
  const backoffMs = Math.min(60 * 60_000, 30_000 * 2 ** (job.attempts - 1));
  await db.job.updateMany({
    where: { id: job.id, leaseHolder: holder, state: "running" },
    data: exhausted
      ? { state: "failed", finishedAt: now, lastError: message.slice(0, 1000), leaseUntil: null }
      : {
          state: "pending",
          dueAt: new Date(now.getTime() + backoffMs),
          lastError: message.slice(0, 1000),
          leaseUntil: null,
          leaseHolder: null,
        },
  });
  return exhausted ? "failed" : "retry";
}

// Claiming work on PostgreSQL with its own tool for it: `FOR UPDATE SKIP LOCKED`. Instances claiming at the
// same moment each lock different rows instead of all reading the same candidates and racing for them, and
// the claim is one statement. SQLite has no SKIP LOCKED and needs none (one writer at a time); its callers
// keep their conditional UPDATE, which is equally safe there.
import type { Db } from "./database.ts";

const ts = (n: number) => `$${n}::timestamp(3)`;

/** Claims up to `limit` due jobs (pending, or running with an expired lease); returns their ids. */
export async function claimDueJobIdsSkipLocked(db: Db, holder: string, now: Date, leaseUntil: Date, limit: number): Promise<string[]> {
  const rows = await db.$queryRawUnsafe<Array<{ id: string }>>(
    `UPDATE "Job" SET "state" = 'running', "leaseHolder" = $1, "leaseUntil" = ${ts(2)}, "attempts" = "attempts" + 1
     WHERE "id" IN (
       SELECT "id" FROM "Job"
       WHERE "dueAt" <= ${ts(3)} AND ("state" = 'pending' OR ("state" = 'running' AND "leaseUntil" < ${ts(3)}))
       ORDER BY "dueAt" LIMIT $4 FOR UPDATE SKIP LOCKED)
     RETURNING "id"`,
    holder,
    leaseUntil.toISOString(),
    now.toISOString(),
    limit,
  );
  return rows.map((r) => r.id);
}

/** Claims up to `limit` due deliveries of these platforms (queued, or sending with an expired lease). */
export async function claimDueDeliveryIdsSkipLocked(
  db: Db,
  marker: string,
  platforms: string[],
  now: Date,
  leaseUntil: Date,
  limit: number,
): Promise<string[]> {
  const platformList = platforms.map((_, i) => `$${i + 5}`).join(", ");
  const rows = await db.$queryRawUnsafe<Array<{ id: string }>>(
    `UPDATE "Delivery" SET "state" = 'sending', "lastError" = $1, "nextAttemptAt" = ${ts(2)}
     WHERE "id" IN (
       SELECT "id" FROM "Delivery"
       WHERE "state" IN ('queued', 'sending') AND "nextAttemptAt" <= ${ts(3)} AND "platform" IN (${platformList})
       ORDER BY "createdAt" LIMIT $4 FOR UPDATE SKIP LOCKED)
     RETURNING "id"`,
    marker,
    leaseUntil.toISOString(),
    now.toISOString(),
    limit,
    ...platforms,
  );
  return rows.map((r) => r.id);
}

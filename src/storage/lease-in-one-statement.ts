// Taking a lease in one statement (issue #15). src/storage/leases.ts tries an UPDATE (which Prisma's updateMany
// wraps in a transaction of its own) and then an INSERT: three statements and a transaction for every event's
// conversation lease, since the lease row is deleted when the event is done. An upsert whose update applies
// only to an expired lease or our own does the same in one statement, atomically, on SQLite and PostgreSQL.
import { Prisma } from "./generated/client.ts";
import type { Db } from "./database.ts";

/** Takes the lease when it is free, expired or already ours (then renewed); true when this holder now has it. */
export async function takeLease(db: Db, key: string, holder: string, ttlMs: number, now = new Date()): Promise<boolean> {
  const expiresAt = new Date(now.getTime() + ttlMs);
  // Quoted names and Prisma.sql placeholders read the same on SQLite and PostgreSQL. The count is 0 when the
  // row exists and its WHERE keeps it (someone else holds an unexpired lease), else 1.
  const changed = await db.$executeRaw(Prisma.sql`
    INSERT INTO "Lease" ("key", "holder", "expiresAt") VALUES (${key}, ${holder}, ${expiresAt})
    ON CONFLICT ("key") DO UPDATE SET "holder" = ${holder}, "expiresAt" = ${expiresAt}
    WHERE "Lease"."expiresAt" < ${now} OR "Lease"."holder" = ${holder}`);
  return changed > 0;
}

/** Gives the lease up (when this holder has it), as a statement not yet run: the engine commits it together
 *  with the event's last write (engine/conversation-lock.ts). */
export function leaseRelease(db: Db, key: string, holder: string): Prisma.PrismaPromise<number> {
  return db.$executeRaw(Prisma.sql`DELETE FROM "Lease" WHERE "key" = ${key} AND "holder" = ${holder}`);
}

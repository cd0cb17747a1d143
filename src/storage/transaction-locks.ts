// Serialising one kind of write across every Kyodo process. On SQLite the write transaction itself does it
// (BEGIN IMMEDIATE: one writer at a time). On PostgreSQL, transactions run side by side, so work that reads a
// tail and appends after it (the audit hash chain) takes a transaction-scoped advisory lock first; it is
// released at commit or rollback, and a crashed holder's connection releases it too.
import type { Db, DbOrTx } from "./database.ts";
import { providerOf } from "./provider.ts";

export async function lockForTransaction(db: DbOrTx, name: string): Promise<void> {
  if (providerOf(db) !== "postgresql") return;
  await db.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext($1))`, name);
}

/** Runs `work` while no other process runs work under the same name (PostgreSQL: an advisory lock held by a
 *  transaction that stays open meanwhile; `work` itself uses the database normally). On SQLite it just runs:
 *  one SQLite file is served by one process. Used for start-up steps that are not safe twice at once. */
export async function exclusively<T>(db: Db, name: string, work: () => Promise<T>): Promise<T> {
  if (providerOf(db) !== "postgresql") return work();
  return db.$transaction(
    async (tx) => {
      await lockForTransaction(tx, name);
      return work();
    },
    { maxWait: 30_000, timeout: 600_000 },
  );
}

// Serialising one kind of write across every Kyodo process. On SQLite the write transaction itself does it
// (BEGIN IMMEDIATE: one writer at a time). On PostgreSQL, transactions run side by side, so work that reads a
// tail and appends after it (the audit hash chain) takes a transaction-scoped advisory lock first; it is
// released at commit or rollback, and a crashed holder's connection releases it too.
import type { DbOrTx } from "./database.ts";
import { providerOf } from "./provider.ts";

export async function lockForTransaction(db: DbOrTx, name: string): Promise<void> {
  if (providerOf(db) !== "postgresql") return;
  await db.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext($1))`, name);
}

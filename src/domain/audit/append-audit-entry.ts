// Appends one entry to the hash-chained audit log. Call it inside the same transaction as the change it
// records, so the record and the change land together or not at all.
import type { DbOrTx } from "../../storage/database.ts";
import { Prisma } from "../../storage/generated/client.ts";
import { lockForTransaction } from "../../storage/transaction-locks.ts";
import type { AuditAction } from "./audit-actions.ts";
import type { PayloadOf } from "./audit-payloads.ts";
import { signingKey } from "./audit-keys.ts";
import { currentAuditChannel } from "./audit-channel.ts";
import { GENESIS_HASH, hashEntry } from "./hash-chain.ts";

export interface AuditInput<A extends AuditAction = AuditAction> {
  actor: string;
  action: A;
  subject: string;
  /** free-form JSON, except for the actions `audit verify` replays, whose shape is declared in audit-payloads.ts */
  payload?: PayloadOf<A>;
  at?: Date;
}

export async function appendAuditEntry<A extends AuditAction>(db: DbOrTx, input: AuditInput<A>): Promise<{ seq: number; hash: string }> {
  // Writers in other processes take turns here (PostgreSQL); two readers of one tail would fork the chain.
  await lockForTransaction(db, "audit-chain");
  const last = await chainTail(db);
  const content = {
    seq: (last?.seq ?? 0) + 1,
    at: input.at ?? new Date(),
    actor: input.actor,
    action: input.action,
    subject: input.subject,
    payload: JSON.stringify(withChannel(input.payload ?? {})),
  };
  const prevHash = last?.hash ?? GENESIS_HASH;
  const key = signingKey();
  const hash = hashEntry(prevHash, content, key);
  // seq is the primary key: a concurrent writer that read the same tail fails here instead of forking the chain.
  await db.auditEntry.create({ data: { ...content, prevHash, hash, keyId: key?.id ?? "" } });
  return { seq: content.seq, hash };
}

/** The chain's last entry. Every vote appends one: plain SQL (the same on SQLite and PostgreSQL) rather than
 *  Prisma's query API, whose per-statement work is most of a vote's CPU (issue #15). */
async function chainTail(db: DbOrTx): Promise<{ seq: number; hash: string } | undefined> {
  const [last] = await db.$queryRaw<Array<{ seq: number | bigint; hash: string }>>(
    Prisma.sql`SELECT "seq", "hash" FROM "AuditEntry" ORDER BY "seq" DESC LIMIT 1`,
  );
  return last ? { seq: Number(last.seq), hash: last.hash } : undefined;
}

/** A change made from an entry point that names itself (the web console) says so in its entry, unless the payload
 *  already names the channel (a vote records the chat platform it came through). */
function withChannel(payload: Record<string, unknown>): Record<string, unknown> {
  const channel = currentAuditChannel();
  return channel && !("channel" in payload) ? { ...payload, channel } : payload;
}

/** Rows per createMany: well under SQLite's limit on bound values (9 columns each). */
const ENTRIES_PER_INSERT = 100;

/**
 * Appends many entries in order, as `appendAuditEntry` would one by one, but reading the chain's tail once
 * and inserting in chunks: a bulk import of 2,000 paper answers writes its 2,000 entries in seconds.
 */
export async function appendAuditEntries(db: DbOrTx, inputs: AuditInput[]): Promise<void> {
  if (inputs.length === 0) return;
  await lockForTransaction(db, "audit-chain");
  const last = await db.auditEntry.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
  const key = signingKey();
  let seq = last?.seq ?? 0;
  let prevHash = last?.hash ?? GENESIS_HASH;
  const rows = inputs.map((input) => {
    seq += 1;
    const content = {
      seq,
      at: input.at ?? new Date(),
      actor: input.actor,
      action: input.action,
      subject: input.subject,
      payload: JSON.stringify(withChannel(input.payload ?? {})),
    };
    const hash = hashEntry(prevHash, content, key);
    const row = { ...content, prevHash, hash, keyId: key?.id ?? "" };
    prevHash = hash;
    return row;
  });
  for (let i = 0; i < rows.length; i += ENTRIES_PER_INSERT) await db.auditEntry.createMany({ data: rows.slice(i, i + ENTRIES_PER_INSERT) });
}

// Appends one entry to the hash-chained audit log. Call it inside the same transaction as the change it
// records, so the record and the change land together or not at all.
import type { DbOrTx } from "../../storage/database.ts";
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
  const last = await db.auditEntry.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
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

/** A change made from an entry point that names itself (the web console) says so in its entry, unless the payload
 *  already names the channel (a vote records the chat platform it came through). */
function withChannel(payload: Record<string, unknown>): Record<string, unknown> {
  const channel = currentAuditChannel();
  return channel && !("channel" in payload) ? { ...payload, channel } : payload;
}

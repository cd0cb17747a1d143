// Checkpoints of the audit log's head. A checkpoint is a short signed text — the entry count, the head hash, the
// time and an HMAC with the audit key — stored in the database AND sent out of it (the daily notice to the
// secretariat). Someone who can write the database can delete the log's last entries or the stored checkpoints,
// but not the copies in people's mailboxes and chats: `audit verify --against <checkpoint>` then shows the loss.
import type { DbOrTx } from "../../storage/database.ts";
import { auditKeyById, hmacHex, signingKey } from "./audit-keys.ts";

export interface AuditCheckpoint {
  seq: number;
  hash: string;
  at: Date;
  /** the key that signed it; "" when no audit key is configured (then it proves the tail, not the author) */
  keyId: string;
  mac: string;
}

const PREFIX = "kyodo-audit-checkpoint:v1";

function macOf(checkpoint: Omit<AuditCheckpoint, "mac">): string {
  const key = checkpoint.keyId ? auditKeyById(checkpoint.keyId) : undefined;
  return key ? hmacHex(key, "checkpoint", String(checkpoint.seq), checkpoint.hash, checkpoint.at.toISOString()) : "";
}

export function formatCheckpoint(c: AuditCheckpoint): string {
  return [PREFIX, c.seq, c.hash, c.at.getTime(), c.keyId || "-", c.mac || "-"].join(":");
}

/** Reads a checkpoint text as printed by `formatCheckpoint`; undefined when it is not one. */
export function parseCheckpoint(text: string): AuditCheckpoint | undefined {
  // Bounded, anchored and without nested repetition: linear on any input.
  const match = /^kyodo-audit-checkpoint:v1:(\d{1,12}):([0-9a-f]{64}):(\d{1,15}):([A-Za-z0-9_.-]{1,32}|-):([0-9a-f]{64}|-)$/.exec(
    text.trim(),
  );
  if (!match) return undefined;
  const at = new Date(Number(match[3]));
  if (Number.isNaN(at.getTime())) return undefined;
  return { seq: Number(match[1]), hash: match[2]!, at, keyId: match[4] === "-" ? "" : match[4]!, mac: match[5] === "-" ? "" : match[5]! };
}

/** "valid" when the MAC matches a key we hold; "unsigned" without one; "unknownKey" / "forged" otherwise. */
export function checkpointSignature(c: AuditCheckpoint): "valid" | "unsigned" | "unknownKey" | "forged" {
  if (!c.keyId) return "unsigned";
  if (!auditKeyById(c.keyId)) return "unknownKey";
  return macOf(c) === c.mac ? "valid" : "forged";
}

/** Records the current head of the log as a checkpoint (none for an empty log); safe to run twice. */
export async function createAuditCheckpoint(db: DbOrTx, now: Date): Promise<AuditCheckpoint | undefined> {
  const head = await db.auditEntry.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
  if (!head) return undefined;
  const existing = await db.auditCheckpoint.findUnique({ where: { seq: head.seq } });
  if (existing) return existing;
  const unsigned = { seq: head.seq, hash: head.hash, at: now, keyId: signingKey()?.id ?? "" };
  const checkpoint = { ...unsigned, mac: macOf(unsigned) };
  await db.auditCheckpoint.create({ data: checkpoint });
  return checkpoint;
}

// Pure rules of the audit chain. Each entry's hash covers the previous entry's hash and the entry's own
// content in a canonical form, so editing, deleting or reordering any row breaks every hash after it.
import { createHash } from "node:crypto";

export const GENESIS_HASH = "0".repeat(64);

export interface AuditContent {
  seq: number;
  at: Date;
  actor: string;
  action: string;
  subject: string;
  /** JSON text, stored as written */
  payload: string;
}

export interface ChainedEntry extends AuditContent {
  prevHash: string;
  hash: string;
}

export function hashEntry(prevHash: string, entry: AuditContent): string {
  const canonical = JSON.stringify([entry.seq, entry.at.toISOString(), entry.actor, entry.action, entry.subject, entry.payload]);
  return createHash("sha256").update(prevHash).update("\n").update(canonical).digest("hex");
}

export type ChainCheck =
  | { ok: true; count: number; lastHash: string }
  | { ok: false; brokenAt: number; reason: "hash" | "link" | "sequence"; count: number };

/** Checks entries one at a time, in order, so a long log need not be held in memory. */
export class ChainVerifier {
  private prevHash = GENESIS_HASH;
  private count = 0;
  private failure: ChainCheck | undefined;

  push(entry: ChainedEntry): boolean {
    if (this.failure) return false;
    const expectedSeq = this.count + 1;
    const base = { ok: false as const, count: this.count };
    if (entry.seq !== expectedSeq) this.failure = { ...base, brokenAt: expectedSeq, reason: "sequence" };
    else if (entry.prevHash !== this.prevHash) this.failure = { ...base, brokenAt: entry.seq, reason: "link" };
    else if (hashEntry(this.prevHash, entry) !== entry.hash) this.failure = { ...base, brokenAt: entry.seq, reason: "hash" };
    if (this.failure) return false;
    this.prevHash = entry.hash;
    this.count += 1;
    return true;
  }

  result(): ChainCheck {
    return this.failure ?? { ok: true, count: this.count, lastHash: this.prevHash };
  }
}

/** Walks entries in order; names the first entry whose sequence, link or hash is wrong. */
export function verifyChain(entries: Iterable<ChainedEntry>): ChainCheck {
  const verifier = new ChainVerifier();
  for (const entry of entries) if (!verifier.push(entry)) break;
  return verifier.result();
}

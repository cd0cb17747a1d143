// Pure rules of the audit chain. Each entry's hash covers the previous entry's hash and the entry's own
// content in a canonical form, so editing, deleting or reordering any row breaks every hash after it. With
// an audit key the hash is an HMAC, so only a holder of the key can write an entry that verifies.
import { createHash } from "node:crypto";
import { hmacHex, type AuditKey } from "./audit-keys.ts";

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
  /** the key that signed it; "" (or absent) for an unkeyed entry */
  keyId?: string;
}

function canonical(entry: AuditContent): string {
  return JSON.stringify([entry.seq, entry.at.toISOString(), entry.actor, entry.action, entry.subject, entry.payload]);
}

export function hashEntry(prevHash: string, entry: AuditContent, key?: AuditKey): string {
  if (key) return hmacHex(key, prevHash, key.id, canonical(entry));
  return createHash("sha256").update(prevHash).update("\n").update(canonical(entry)).digest("hex");
}

export type ChainFailure = "hash" | "link" | "sequence" | "unknownKey" | "unkeyed";

/** What the verifier knows of the keys: how to find one, and up to which entry unkeyed entries are legitimate. */
export interface KeyPolicy {
  keyOf(id: string): AuditKey | undefined;
  /** entries up to this seq were written before the audit key was introduced; later ones must be keyed */
  unkeyedUntil: number;
}

export type ChainCheck =
  { ok: true; count: number; lastHash: string; unkeyed: number } | { ok: false; brokenAt: number; reason: ChainFailure; count: number };

/**
 * Checks entries one at a time, in order, so a long log need not be held in memory. Without a key policy every
 * entry may be unkeyed (an installation without AUDIT_KEY); with one, an unkeyed entry after `unkeyedUntil` is a
 * forgery: someone rebuilt the chain without the key.
 */
export class ChainVerifier {
  private prevHash = GENESIS_HASH;
  private count = 0;
  private unkeyed = 0;
  private failure: ChainCheck | undefined;
  private readonly policy: KeyPolicy | undefined;

  constructor(policy?: KeyPolicy) {
    this.policy = policy;
  }

  push(entry: ChainedEntry): boolean {
    if (this.failure) return false;
    const reason = this.check(entry);
    if (reason) {
      this.failure = { ok: false, count: this.count, brokenAt: reason === "sequence" ? this.count + 1 : entry.seq, reason };
      return false;
    }
    this.prevHash = entry.hash;
    this.count += 1;
    return true;
  }

  private check(entry: ChainedEntry): ChainFailure | undefined {
    if (entry.seq !== this.count + 1) return "sequence";
    if (entry.prevHash !== this.prevHash) return "link";
    const keyId = entry.keyId ?? "";
    let key: AuditKey | undefined;
    if (keyId) {
      key = this.policy?.keyOf(keyId);
      if (!key) return "unknownKey";
    } else {
      if (this.policy && entry.seq > this.policy.unkeyedUntil) return "unkeyed";
      this.unkeyed += 1;
    }
    return hashEntry(this.prevHash, entry, key) === entry.hash ? undefined : "hash";
  }

  result(): ChainCheck {
    return this.failure ?? { ok: true, count: this.count, lastHash: this.prevHash, unkeyed: this.unkeyed };
  }
}

/** Walks entries in order; names the first entry whose sequence, link, key or hash is wrong. */
export function verifyChain(entries: Iterable<ChainedEntry>, policy?: KeyPolicy): ChainCheck {
  const verifier = new ChainVerifier(policy);
  for (const entry of entries) if (!verifier.push(entry)) break;
  return verifier.result();
}

// The keys that make the audit log prove who wrote it. A chain of plain SHA-256 hashes shows an edit, but anyone
// who can write the database can rebuild the whole chain; an HMAC needs a key kept outside the database (the
// AUDIT_KEY environment variable, from the operator's secret store), so a rebuilt chain no longer verifies.
//
// AUDIT_KEY is `id:secret` pairs separated by commas, newest first: the first signs new entries, the others
// still verify the entries they signed (key rotation: put the new key in front, keep the old ones). A bare
// secret is the key `k1`.
import { createHmac } from "node:crypto";

export interface AuditKey {
  id: string;
  secret: string;
}

export class AuditKeyError extends Error {}

const MIN_SECRET_LENGTH = 16;

export function parseAuditKeys(spec: string | undefined): AuditKey[] {
  if (!spec?.trim()) return [];
  const keys = spec.split(",").map((part, index) => {
    const trimmed = part.trim();
    const colon = trimmed.indexOf(":");
    const [id, secret] = colon > 0 ? [trimmed.slice(0, colon), trimmed.slice(colon + 1)] : [index === 0 ? "k1" : `k${index + 1}`, trimmed];
    if (!/^[A-Za-z0-9_.-]{1,32}$/.test(id)) throw new AuditKeyError(`audit key id "${id}" must be 1–32 letters, digits, _ . -`);
    if (secret.length < MIN_SECRET_LENGTH) throw new AuditKeyError(`audit key "${id}" is shorter than ${MIN_SECRET_LENGTH} characters`);
    return { id, secret };
  });
  const ids = new Set(keys.map((k) => k.id));
  if (ids.size !== keys.length) throw new AuditKeyError("audit key ids must be unique");
  return keys;
}

/** The keys of this process. Set once by the composition root (server, CLI); empty means unkeyed entries. */
let keyring: AuditKey[] = [];
let unkeyedUntil = 0;

/**
 * Installs the keys. `legacyEntries`: how many entries the log had when the key was introduced (written unkeyed by
 * an older Kyodo); every later entry must carry a key, so a chain rebuilt without the key does not verify.
 */
export function useAuditKeys(keys: AuditKey[], legacyEntries = 0): void {
  keyring = keys;
  unkeyedUntil = legacyEntries;
}

/** The verifier's view of the keys; undefined when none are configured (unkeyed entries are all there is). */
export function auditKeyPolicy(): { keyOf(id: string): AuditKey | undefined; unkeyedUntil: number } | undefined {
  return keyring.length > 0 ? { keyOf: auditKeyById, unkeyedUntil } : undefined;
}

export function signingKey(): AuditKey | undefined {
  return keyring[0];
}

export function auditKeyById(id: string): AuditKey | undefined {
  return keyring.find((key) => key.id === id);
}

export function hasAuditKeys(): boolean {
  return keyring.length > 0;
}

export function hmacHex(key: AuditKey, ...parts: string[]): string {
  const mac = createHmac("sha256", key.secret);
  for (const part of parts) mac.update(part).update("\n");
  return mac.digest("hex");
}

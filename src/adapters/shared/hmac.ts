// HMAC-SHA256 and constant-time comparison, for the channels that authenticate requests with shared
// secrets (Mattermost command tokens and signed button contexts, the generic webhook's signatures).
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

export function hmacSha256Hex(key: string | Buffer, data: string): string {
  return createHmac("sha256", key).update(data, "utf8").digest("hex");
}

/**
 * Compares two secrets in constant time. Both sides are hashed first, so neither the content nor the
 * length of the expected value leaks through timing (timingSafeEqual alone requires equal lengths).
 */
export function safeEqual(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given, "utf8").digest();
  const b = createHash("sha256").update(expected, "utf8").digest();
  return timingSafeEqual(a, b);
}

/** A short, stable id for a long or sensitive string (trigger ids, response URLs) in event ids and logs. */
export function shortHash(text: string, length = 32): string {
  return createHash("sha256").update(text, "utf8").digest("hex").slice(0, length);
}

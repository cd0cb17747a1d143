// Checks a request signed as "<version>=hex(HMAC(secret, version:timestamp:body))" with a timestamp header,
// as Slack does and as Kyodo's own webhook contract does: missing headers, a malformed timestamp, one more
// than five minutes from our clock either way (a replay, or a forged future one), or a signature that
// does not match are refused before anything is parsed. Several comma-separated signatures may be given
// (a secret being rotated); one match is enough.
import { safeEqual } from "./hmac.ts";

export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

export type SignatureCheck =
  { ok: true } | { ok: false; reason: "missing_headers" | "bad_timestamp" | "stale_timestamp" | "bad_signature" };

export function verifyTimestampedSignature(
  headers: { signature: string | undefined; timestamp: string | undefined },
  nowMs: number,
  expectedFor: (timestamp: string) => string,
): SignatureCheck {
  const { signature, timestamp } = headers;
  if (!signature || !timestamp) return { ok: false, reason: "missing_headers" };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: "bad_timestamp" };
  if (Math.abs(Math.floor(nowMs / 1000) - Number(timestamp)) > MAX_CLOCK_SKEW_SECONDS) return { ok: false, reason: "stale_timestamp" };
  const expected = expectedFor(timestamp);
  return signature.split(",").some((s) => safeEqual(s.trim(), expected)) ? { ok: true } : { ok: false, reason: "bad_signature" };
}

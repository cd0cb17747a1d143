// The generic webhook's signatures, the same in both directions: X-Kyodo-Signature =
// "v1=" + hex(HMAC-SHA256(secret, "v1:" + X-Kyodo-Timestamp + ":" + raw body)), with the timestamp in
// Unix seconds. A request whose signature does not match, or whose timestamp is more than five minutes
// from the receiver's clock either way (a replay, or a forged future timestamp), is refused before
// anything is parsed. The contract is written out in scripts/webhook-chat-contract.md.
import { hmacSha256Hex } from "../shared/hmac.ts";
import { MAX_CLOCK_SKEW_SECONDS, verifyTimestampedSignature, type SignatureCheck } from "../shared/signed-request.ts";

export { MAX_CLOCK_SKEW_SECONDS, type SignatureCheck };

export const SIGNATURE_HEADER = "x-kyodo-signature";
export const TIMESTAMP_HEADER = "x-kyodo-timestamp";

export function signBody(secret: string, timestamp: number | string, rawBody: string): string {
  return `v1=${hmacSha256Hex(secret, `v1:${timestamp}:${rawBody}`)}`;
}

/** The headers that sign a body sent now. */
export function signatureHeaders(secret: string, rawBody: string, nowMs = Date.now()): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  return { [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: signBody(secret, timestamp, rawBody) };
}

export function verifyBody(
  secret: string,
  headers: { signature: string | undefined; timestamp: string | undefined },
  rawBody: string,
  nowMs = Date.now(),
): SignatureCheck {
  return verifyTimestampedSignature(headers, nowMs, (timestamp) => signBody(secret, timestamp, rawBody));
}

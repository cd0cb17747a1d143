// Slack signs every request: X-Slack-Signature = "v0=" + hex(HMAC-SHA256(signing secret,
// "v0:" + X-Slack-Request-Timestamp + ":" + raw body)). A request whose signature does not match, or
// whose timestamp is more than five minutes from our clock in either direction (a replay, or a forged
// future timestamp), is refused before anything is parsed or done.
import { hmacSha256Hex } from "../shared/hmac.ts";
import { MAX_CLOCK_SKEW_SECONDS, verifyTimestampedSignature, type SignatureCheck } from "../shared/signed-request.ts";

export { MAX_CLOCK_SKEW_SECONDS, type SignatureCheck };

export function signSlackRequest(signingSecret: string, timestamp: number | string, rawBody: string): string {
  return `v0=${hmacSha256Hex(signingSecret, `v0:${timestamp}:${rawBody}`)}`;
}

export function verifySlackSignature(
  signingSecret: string,
  headers: { signature: string | undefined; timestamp: string | undefined },
  rawBody: string,
  nowMs = Date.now(),
): SignatureCheck {
  return verifyTimestampedSignature(headers, nowMs, (timestamp) => signSlackRequest(signingSecret, timestamp, rawBody));
}

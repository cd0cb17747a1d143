// Decides whether a failed send is worth retrying, and how long the platform asked us to wait. Adapters
// may throw DeliveryError; errors straight from the Slack and LINE SDKs are read by their shapes.
import { DeliveryError } from "../engine/adapter.ts";
import { backoffDelay, parseRetryAfter } from "../lib/retry-policy.ts";

export interface FailureClass {
  retryable: boolean;
  retryAfterMs?: number;
  reason: string;
}

function headerValue(headers: unknown, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name) ?? undefined;
  const value = (headers as Record<string, unknown>)[name] ?? (headers as Record<string, unknown>)[name.toLowerCase()];
  if (Array.isArray(value)) return value.join(", ");
  return typeof value === "string" || typeof value === "number" ? String(value) : undefined;
}

export function classifyDeliveryError(error: unknown): FailureClass {
  const reason = error instanceof Error ? error.message : String(error);
  if (error instanceof DeliveryError) return { retryable: error.retryable, retryAfterMs: error.retryAfterMs, reason };
  const e = (error ?? {}) as Record<string, unknown>;
  // Our platform clients' errors (Slack, Mattermost) say it themselves.
  if (typeof e.retryable === "boolean")
    return { retryable: e.retryable, retryAfterMs: typeof e.retryAfterMs === "number" ? e.retryAfterMs : undefined, reason };
  // @slack/web-api: rate limits carry retryAfter in seconds; HTTP errors carry statusCode.
  if (e.code === "slack_webapi_rate_limited_error") return { retryable: true, retryAfterMs: Number(e.retryAfter ?? 1) * 1000, reason };
  if (e.code === "slack_webapi_platform_error") return { retryable: false, reason };
  const status = Number(e.status ?? e.statusCode ?? (e.response as Record<string, unknown> | undefined)?.status ?? NaN);
  const retryAfter = headerValue(e.headers ?? (e.response as Record<string, unknown> | undefined)?.headers, "retry-after");
  const retryAfterMs = parseRetryAfter(retryAfter);
  // LINE's monthly message quota also answers 429, but no wait within the month lifts it.
  if (status === 429 && /monthly limit/i.test(typeof e.body === "string" ? e.body : JSON.stringify(e.body ?? "")))
    return { retryable: false, reason: `${reason} (monthly message limit)` };
  if (status === 429 || status >= 500) return { retryable: true, retryAfterMs, reason };
  // LINE answers 409 when a retry key was already accepted: the message was delivered before.
  if (status === 409) return { retryable: false, reason: "already accepted (409)" };
  if (status >= 400) return { retryable: false, reason };
  // No status: a network failure or timeout, worth another try.
  return { retryable: true, reason };
}

/** The wait before a delivery's next try: what the platform asked for (at least a second, so a
 *  "Retry-After: 0" does not spin within one flush), else exponential from 5 s with jitter, capped at
 *  an hour. */
export function backoffMs(attempt: number, retryAfterMs?: number): number {
  return retryAfterMs === undefined ? backoffDelay(attempt, 5_000, 3_600_000) : Math.max(1_000, retryAfterMs);
}

// Decides whether a failed send is worth retrying, and how long the platform asked us to wait. Adapters
// may throw DeliveryError; errors straight from the Slack and LINE SDKs are read by their shapes.
import { DeliveryError } from "../engine/adapter.ts";

export interface FailureClass {
  retryable: boolean;
  retryAfterMs?: number;
  reason: string;
}

function headerValue(headers: unknown, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name) ?? undefined;
  const value = (headers as Record<string, unknown>)[name] ?? (headers as Record<string, unknown>)[name.toLowerCase()];
  return value === undefined ? undefined : String(value);
}

export function classifyDeliveryError(error: unknown): FailureClass {
  const reason = error instanceof Error ? error.message : String(error);
  if (error instanceof DeliveryError) return { retryable: error.retryable, retryAfterMs: error.retryAfterMs, reason };
  const e = (error ?? {}) as Record<string, unknown>;
  // @slack/web-api: rate limits carry retryAfter in seconds; HTTP errors carry statusCode.
  if (e.code === "slack_webapi_rate_limited_error") return { retryable: true, retryAfterMs: Number(e.retryAfter ?? 1) * 1000, reason };
  if (e.code === "slack_webapi_platform_error") return { retryable: false, reason };
  const status = Number(e.status ?? e.statusCode ?? (e.response as Record<string, unknown> | undefined)?.status ?? NaN);
  const retryAfter = headerValue(e.headers ?? (e.response as Record<string, unknown> | undefined)?.headers, "retry-after");
  const retryAfterMs = retryAfter && /^\d+$/.test(retryAfter) ? Number(retryAfter) * 1000 : undefined;
  if (status === 429 || status >= 500) return { retryable: true, retryAfterMs, reason };
  // LINE answers 409 when a retry key was already accepted: the message was delivered before.
  if (status === 409) return { retryable: false, reason: "already accepted (409)" };
  if (status >= 400) return { retryable: false, reason };
  // No status: a network failure or timeout, worth another try.
  return { retryable: true, reason };
}

/** Exponential backoff from 5 s, capped at an hour, never shorter than what the platform asked. */
export function backoffMs(attempt: number, retryAfterMs?: number): number {
  const exponential = Math.min(3_600_000, 5_000 * 2 ** Math.max(0, attempt - 1));
  return Math.max(exponential, retryAfterMs ?? 0);
}

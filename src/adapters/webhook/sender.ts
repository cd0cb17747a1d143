// Delivers Kyodo's messages to the chat service's outgoing URL: one signed POST per message, with an
// Idempotency-Key that stays the same on every retry of that message, so the service shows it once
// however often it arrives. Rate limits (429), timeouts, server errors and network failures are retried
// by the shared retry policy (Retry-After, else growing delays with jitter, bounded in total); other
// refusals are final. Each attempt is signed with a fresh timestamp, so a retry after minutes still
// falls inside the receiver's replay window.
import type { Logger } from "pino";
import { DeliveryError } from "../../engine/adapter.ts";
import { INTERACTIVE_RETRY, parseRetryAfter, withRetries, type RetryPolicy } from "../../lib/retry-policy.ts";
import type { OutgoingPayload } from "./contract.ts";
import { signatureHeaders } from "./signature.ts";

export type { RetryPolicy };

export interface WebhookSenderOptions {
  url: string;
  secret: string;
  logger: Logger;
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
}

export class WebhookSender {
  private readonly options: WebhookSenderOptions;
  private readonly retry: RetryPolicy;

  constructor(options: WebhookSenderOptions) {
    this.options = options;
    this.retry = { ...INTERACTIVE_RETRY, ...options.retry };
  }

  /** One attempt; throws DeliveryError saying whether another may succeed (the outbox retries those). */
  async sendOnce(payload: OutgoingPayload, attempt = 1): Promise<void> {
    const body = JSON.stringify(payload);
    let response: Response;
    try {
      response = await fetch(this.options.url, {
        method: "POST",
        headers: {
          "content-type": "application/json; charset=utf-8",
          "user-agent": "Kyodo",
          "idempotency-key": payload.deliveryId,
          "x-kyodo-delivery-attempt": String(attempt),
          ...signatureHeaders(this.options.secret, body),
        },
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      const timeout = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
      throw new DeliveryError(`chat service ${timeout ? "timed out" : "unreachable"}`, { retryable: true });
    }
    await response.body?.cancel().catch(() => undefined);
    if (response.ok) return;
    // 409: the service already has a delivery with this key — an earlier attempt did arrive.
    if (response.status === 409) return;
    const retryable = response.status === 429 || response.status === 408 || response.status >= 500;
    const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"));
    throw new DeliveryError(`chat service answered ${response.status}`, { retryable, retryAfterMs, status: response.status });
  }

  /** Tries until delivered, refused, or the retry policy gives up (logged): says which. */
  async send(payload: OutgoingPayload): Promise<"delivered" | "refused" | "gave up"> {
    try {
      await withRetries((attempt) => this.sendOnce(payload, attempt), {
        policy: this.retry,
        classify: (error) =>
          error instanceof DeliveryError ? { retryable: error.retryable, retryAfterMs: error.retryAfterMs } : { retryable: false },
        onRetry: ({ attempt, delayMs, error }) =>
          this.options.logger.warn(
            {
              deliveryId: payload.deliveryId,
              attempt,
              status: (error as DeliveryError).status,
              reason: (error as Error).message,
              delay: delayMs,
            },
            "chat service delivery failed; retrying",
          ),
      });
      return "delivered";
    } catch (error) {
      if (!(error instanceof DeliveryError)) throw error;
      this.options.logger.error(
        { deliveryId: payload.deliveryId, status: error.status, reason: error.message },
        "chat service delivery gave up",
      );
      return error.retryable ? "gave up" : "refused";
    }
  }
}

// Delivers Kyodo's messages to the chat service's outgoing URL: one signed POST per message, with an
// Idempotency-Key that stays the same on every retry of that message, so the service shows it once
// however often it arrives. Rate limits (429), timeouts, server errors and network failures are retried
// with exponential backoff (honouring Retry-After); other refusals are final. Each attempt is signed
// with a fresh timestamp, so a retry after minutes still falls inside the receiver's replay window.
import type { Logger } from "pino";
import { DeliveryError } from "../../engine/adapter.ts";
import type { OutgoingPayload } from "./contract.ts";
import { signatureHeaders } from "./signature.ts";

export interface RetryPolicy {
  /** tries per message, the first included */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 1000, maxDelayMs: 60_000 };

export interface WebhookSenderOptions {
  url: string;
  secret: string;
  logger: Logger;
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export class WebhookSender {
  private readonly options: WebhookSenderOptions;
  private readonly retry: RetryPolicy;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: WebhookSenderOptions) {
    this.options = options;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
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
    const seconds = Number(response.headers.get("retry-after"));
    const retryAfterMs = response.headers.get("retry-after") !== null && Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
    throw new DeliveryError(`chat service answered ${response.status}`, { retryable, retryAfterMs, status: response.status });
  }

  /** Tries until delivered, refused, or out of attempts; false (logged) when it gave up. */
  async send(payload: OutgoingPayload): Promise<boolean> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.sendOnce(payload, attempt);
        return true;
      } catch (error) {
        if (!(error instanceof DeliveryError)) throw error;
        const log = { deliveryId: payload.deliveryId, attempt, status: error.status, reason: error.message };
        if (!error.retryable || attempt >= this.retry.attempts) {
          this.options.logger.error(log, "chat service delivery gave up");
          return false;
        }
        const delay = this.backoff(attempt, error.retryAfterMs);
        this.options.logger.warn({ ...log, delay }, "chat service delivery failed; retrying");
        await this.sleep(delay);
      }
    }
  }

  private backoff(attempt: number, retryAfterMs: number | undefined): number {
    if (retryAfterMs !== undefined) return Math.min(this.retry.maxDelayMs, retryAfterMs);
    const exponential = this.retry.baseDelayMs * 2 ** (attempt - 1);
    // Jitter keeps several Kyodo processes from retrying in step.
    return Math.min(this.retry.maxDelayMs, Math.round(exponential * (0.75 + Math.random() * 0.5)));
  }
}

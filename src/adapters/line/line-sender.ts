// Sends LINE messages the way LINE wants them sent. An answer goes by reply while the event's reply
// token is fresh (LINE honours it for a minute), otherwise by push. Push and multicast carry an
// X-Line-Retry-Key, reused on every retry of the same request, so a retry after a timeout or a 5xx
// never delivers twice (LINE answers 409 to a key it already accepted). 429 and 5xx are retried by the
// shared retry policy (Retry-After, else growing delays with jitter, bounded in total): answers to a
// person with a few quick retries, sends for the outbox with one try (the outbox retries them later).
// A reply is never retried into a push once it may already have been delivered.
import { createHash, randomUUID } from "node:crypto";
import { HTTPFetchError, type messagingApi } from "@line/bot-sdk";
import type { Logger } from "pino";
import {
  INTERACTIVE_RETRY,
  OUTBOX_ATTEMPT,
  parseRetryAfter,
  withRetries,
  type RetryDecision,
  type RetryPolicy,
} from "../../lib/retry-policy.ts";
import { chunk } from "../shared/text-limits.ts";
import { LINE_LIMITS } from "./limits.ts";
import { asPlainText, type LineMessage } from "./render-message.ts";

/** Reply tokens live one minute; a few seconds are kept back for the request itself. */
export const REPLY_WINDOW_MS = 55_000;

export interface SendTarget {
  /** user, group or room id to push to */
  to: string;
  replyToken?: string;
  /** when LINE says the event happened (ms since epoch); the reply token's age counts from here */
  eventTime?: number;
}

export type Delivery = "reply" | "push";

export interface LineSenderOptions {
  client: messagingApi.MessagingApiClient;
  logger: Logger;
  /** retries of answers someone waits for in chat */
  retry?: Partial<RetryPolicy>;
  /** retries of sends made for the outbox (default one try: the outbox retries) */
  outboxRetry?: Partial<RetryPolicy>;
  now?: () => number;
}

export class LineSender {
  private readonly client: messagingApi.MessagingApiClient;
  private readonly logger: Logger;
  private readonly retry: RetryPolicy;
  private readonly outboxRetry: RetryPolicy;
  private readonly now: () => number;

  constructor(options: LineSenderOptions) {
    this.client = options.client;
    this.logger = options.logger;
    this.retry = { ...INTERACTIVE_RETRY, ...options.retry };
    this.outboxRetry = { ...OUTBOX_ATTEMPT, ...options.outboxRetry };
    this.now = options.now ?? Date.now;
  }

  /** Answers an event: the first five messages by reply when the token is fresh, the rest by push. */
  async deliver(target: SendTarget, messages: LineMessage[]): Promise<Delivery | undefined> {
    const parts = chunk(messages, LINE_LIMITS.messagesPerRequest);
    if (parts.length === 0) return undefined;
    let rest = parts;
    let used: Delivery = "push";
    if (target.replyToken && target.eventTime !== undefined && this.fresh(target.eventTime)) {
      if (await this.reply(target.replyToken, parts[0]!, target.eventTime)) {
        used = "reply";
        rest = parts.slice(1);
      }
    }
    for (const part of rest) await this.pushWith(this.retry, target.to, part);
    return used;
  }

  /** Sends to one user, group or room outside a reply, for the outbox. A caller's `retryKey` (a UUID it
   *  keeps across its own retries) makes even a repeat of the whole send harmless. */
  async push(to: string, messages: LineMessage[], retryKey?: string): Promise<void> {
    await this.pushWith(this.outboxRetry, to, messages, retryKey);
  }

  private async pushWith(policy: RetryPolicy, to: string, messages: LineMessage[], retryKey?: string): Promise<void> {
    for (const [p, part] of chunk(messages, LINE_LIMITS.messagesPerRequest).entries()) {
      await this.withPlainFallback(part, (msgs, plain) => {
        const key = requestKey(retryKey, p === 0 ? "" : `push:${p}`, plain);
        return this.retrying(policy, "push", key, () => this.client.pushMessage({ to, messages: msgs }, key));
      });
    }
  }

  /**
   * Sends the same messages to many users: at most 500 recipients and 5 messages per request, each
   * request with its own retry key. The first request uses `retryKey` itself and the others keys
   * derived from it, so a caller repeating a failed multicast with the same key resends only what LINE
   * did not accept.
   */
  async multicast(userIds: string[], messages: LineMessage[], retryKey?: string): Promise<void> {
    const recipients = [...new Set(userIds)];
    const batches = chunk(recipients, LINE_LIMITS.multicastRecipients);
    const parts = chunk(messages, LINE_LIMITS.messagesPerRequest);
    let requests = 0;
    for (const [b, to] of batches.entries()) {
      for (const [p, part] of parts.entries()) {
        try {
          await this.withPlainFallback(part, (msgs, plain) => {
            const key = requestKey(retryKey, b === 0 && p === 0 ? "" : `multicast:${b}:${p}`, plain);
            return this.retrying(this.outboxRetry, "multicast", key, () => this.client.multicast({ to, messages: msgs }, key));
          });
        } catch (error) {
          this.logger.error({ err: error, batch: b + 1, batches: batches.length, requestsSent: requests }, "line multicast batch failed");
          throw error;
        }
        requests += 1;
      }
    }
  }

  private fresh(eventTime: number, extraMs = 0): boolean {
    return this.now() + extraMs - eventTime < REPLY_WINDOW_MS;
  }

  /**
   * Tries the reply; true when it was (or may have been) delivered, false when the caller should push.
   * Replies have no retry key, so after a 5xx or a lost connection the outcome is unknown: a later
   * "invalid reply token" may mean the first try went through, and pushing then could send twice.
   */
  private async reply(replyToken: string, messages: LineMessage[], eventTime: number): Promise<boolean> {
    let maybeDelivered = false;
    // The token expires: retries stop in time for a push to take over.
    const policy = { ...this.retry, maxTotalMs: Math.min(this.retry.maxTotalMs, REPLY_WINDOW_MS - (this.now() - eventTime)) };
    try {
      await this.withPlainFallback(messages, (msgs) =>
        withRetries(async () => void (await this.client.replyMessage({ replyToken, messages: msgs })), {
          policy,
          classify: (error) => {
            const decision = lineRetryDecision(error);
            const status = statusOf(error);
            if (decision.retryable && (status === undefined || status >= 500)) maybeDelivered = true;
            return decision;
          },
          onRetry: ({ attempt, delayMs, error }) =>
            this.logger.warn({ status: statusOf(error), attempt, delay: delayMs }, "line reply failed; retrying"),
        }),
      );
      return true;
    } catch (error) {
      if (isReplyTokenError(error)) {
        if (maybeDelivered) this.logger.warn("line reply outcome unknown; not pushing again");
        return maybeDelivered;
      }
      if (!lineRetryDecision(error).retryable) throw error;
      this.logger.warn({ status: statusOf(error), maybeDelivered }, "line reply gave up");
      return maybeDelivered;
    }
  }

  /** Sends; when LINE refuses a request holding Flex Messages as invalid, sends it once more as text. */
  private async withPlainFallback(
    messages: LineMessage[],
    send: (messages: LineMessage[], plain: boolean) => Promise<void>,
  ): Promise<void> {
    try {
      await send(messages, false);
    } catch (error) {
      if (statusOf(error) !== 400 || isReplyTokenError(error) || !messages.some((m) => m.type === "flex")) throw error;
      this.logger.warn({ err: error }, "line refused a flex message; sending plain text");
      await send(messages.map(asPlainText), true);
    }
  }

  /** Repeats one request with the same retry key until it is accepted, refused, or the policy gives up. */
  private async retrying(policy: RetryPolicy, what: string, retryKey: string, call: () => Promise<unknown>): Promise<void> {
    try {
      await withRetries(call, {
        policy,
        classify: lineRetryDecision,
        onRetry: ({ attempt, delayMs, error }) =>
          this.logger.warn({ what, retryKey, attempt, status: statusOf(error), delay: delayMs }, "line request failed; retrying"),
      });
    } catch (error) {
      if (statusOf(error) !== 409) throw error;
      // An earlier try with this key was accepted although its answer never reached us (or, for a
      // derived key, an earlier run of the same multicast already sent this batch).
      this.logger.info({ what, retryKey }, "line already accepted this request");
    }
  }
}

function statusOf(error: unknown): number | undefined {
  return error instanceof HTTPFetchError ? error.status : undefined;
}

function bodyOf(error: unknown): string {
  return error instanceof HTTPFetchError ? error.body : "";
}

function isReplyTokenError(error: unknown): boolean {
  return statusOf(error) === 400 && /reply token/i.test(bodyOf(error));
}

/** 429 (rate limit) and 5xx may succeed later; so may a lost connection. The monthly message quota
 *  also answers 429, but waiting minutes will not lift it. The wait is LINE's Retry-After when it
 *  names one; without it the policy's growing delay applies (never an immediate retry). */
export function lineRetryDecision(error: unknown): RetryDecision {
  if (!(error instanceof HTTPFetchError)) return { retryable: true };
  const retryAfterMs = parseRetryAfter(error.headers.get("retry-after"));
  if (error.status === 429) return { retryable: !/monthly limit/i.test(error.body), retryAfterMs };
  return { retryable: error.status >= 500, retryAfterMs: error.status >= 500 ? retryAfterMs : undefined };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The retry key of one request of a send: the caller's key for its first request, keys derived from
 *  it for the others (and for the plain-text resend), a fresh UUID when the caller gave none. */
function requestKey(retryKey: string | undefined, request: string, plain: boolean): string {
  if (!retryKey) return randomUUID();
  // LINE takes only a hexadecimal UUID; any other caller key is turned into one, the same every time.
  if (request === "" && !plain) return UUID.test(retryKey) ? retryKey.toLowerCase() : derivedRetryKey(retryKey);
  return derivedRetryKey(`${retryKey}:${request}:${plain ? "plain" : "rich"}`);
}

/** A UUID-shaped key that is the same for the same input, for retry keys a caller can reproduce. */
export function derivedRetryKey(seed: string): string {
  const h = createHash("sha256").update(seed).digest("hex");
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

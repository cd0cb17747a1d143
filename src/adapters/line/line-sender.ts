// Sends LINE messages the way LINE wants them sent. An answer goes by reply while the event's reply
// token is fresh (LINE honours it for a minute), otherwise by push. Push and multicast carry an
// X-Line-Retry-Key, reused on every retry of the same request, so a retry after a timeout or a 5xx
// never delivers twice (LINE answers 409 to a key it already accepted). 429 and 5xx are retried with
// exponential backoff; a reply is never retried into a push once it may already have been delivered.
import { createHash, randomUUID } from "node:crypto";
import { HTTPFetchError, type messagingApi } from "@line/bot-sdk";
import type { Logger } from "pino";
import { chunk, LINE_LIMITS } from "./limits.ts";
import { asPlainText, type LineMessage } from "./render-message.ts";

export interface RetryPolicy {
  /** tries per request, the first included */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 1000, maxDelayMs: 30_000 };

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
  retry?: Partial<RetryPolicy>;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export class LineSender {
  private readonly client: messagingApi.MessagingApiClient;
  private readonly logger: Logger;
  private readonly retry: RetryPolicy;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: LineSenderOptions) {
    this.client = options.client;
    this.logger = options.logger;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
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
    for (const part of rest) await this.push(target.to, part);
    return used;
  }

  /** Sends to one user, group or room outside a reply. A caller's `retryKey` (a UUID it keeps across
   *  its own retries) makes even a repeat of the whole send harmless. */
  async push(to: string, messages: LineMessage[], retryKey?: string): Promise<void> {
    for (const [p, part] of chunk(messages, LINE_LIMITS.messagesPerRequest).entries()) {
      await this.withPlainFallback(part, (msgs, plain) => {
        const key = requestKey(retryKey, p === 0 ? "" : `push:${p}`, plain);
        return this.retrying("push", key, () => this.client.pushMessage({ to, messages: msgs }, key));
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
            return this.retrying("multicast", key, () => this.client.multicast({ to, messages: msgs }, key));
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
    let current = messages;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.client.replyMessage({ replyToken, messages: current });
        return true;
      } catch (error) {
        const status = statusOf(error);
        if (status === 400 && /reply token/i.test(bodyOf(error))) {
          if (maybeDelivered) this.logger.warn({ attempt }, "line reply outcome unknown; not pushing again");
          return maybeDelivered;
        }
        if (status === 400 && current.some((m) => m.type === "flex") && current === messages) {
          this.logger.warn({ err: error }, "line refused a flex reply; sending plain text");
          current = messages.map(asPlainText);
          continue;
        }
        if (!isRetryable(error)) throw error;
        if (status === undefined || status >= 500) maybeDelivered = true;
        const delay = this.backoff(attempt, error);
        if (attempt >= this.retry.attempts || !this.fresh(eventTime, delay)) {
          this.logger.warn({ status, attempt, maybeDelivered }, "line reply gave up");
          return maybeDelivered;
        }
        this.logger.warn({ status, attempt, delay }, "line reply failed; retrying");
        await this.sleep(delay);
      }
    }
  }

  /** Sends; when LINE refuses a request holding Flex Messages as invalid, sends it once more as text. */
  private async withPlainFallback(messages: LineMessage[], send: (messages: LineMessage[], plain: boolean) => Promise<void>): Promise<void> {
    try {
      await send(messages, false);
    } catch (error) {
      if (statusOf(error) !== 400 || !messages.some((m) => m.type === "flex")) throw error;
      this.logger.warn({ err: error }, "line refused a flex message; sending plain text");
      await send(messages.map(asPlainText), true);
    }
  }

  /** Repeats one request with the same retry key until it is accepted, refused, or attempts run out. */
  private async retrying(what: string, retryKey: string, call: () => Promise<unknown>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await call();
        return;
      } catch (error) {
        if (statusOf(error) === 409) {
          // An earlier try with this key was accepted although its answer never reached us (or, for a
          // derived key, an earlier run of the same multicast already sent this batch).
          this.logger.info({ what, retryKey, attempt }, "line already accepted this request");
          return;
        }
        if (!isRetryable(error) || attempt >= this.retry.attempts) throw error;
        const delay = this.backoff(attempt, error);
        this.logger.warn({ what, retryKey, attempt, status: statusOf(error), delay }, "line request failed; retrying");
        await this.sleep(delay);
      }
    }
  }

  private backoff(attempt: number, error: unknown): number {
    const retryAfter = error instanceof HTTPFetchError ? Number(error.headers.get("retry-after")) : NaN;
    if (Number.isFinite(retryAfter) && retryAfter >= 0) return Math.min(this.retry.maxDelayMs, retryAfter * 1000);
    const exponential = this.retry.baseDelayMs * 2 ** (attempt - 1);
    // Jitter keeps several Kyodo processes from retrying in step.
    return Math.min(this.retry.maxDelayMs, Math.round(exponential * (0.75 + Math.random() * 0.5)));
  }
}

function statusOf(error: unknown): number | undefined {
  return error instanceof HTTPFetchError ? error.status : undefined;
}

function bodyOf(error: unknown): string {
  return error instanceof HTTPFetchError ? error.body : "";
}

/** 429 (rate limit) and 5xx may succeed later; so may a lost connection. The monthly message quota
 *  also answers 429, but waiting minutes will not lift it. */
function isRetryable(error: unknown): boolean {
  if (!(error instanceof HTTPFetchError)) return true;
  if (error.status === 429) return !/monthly limit/i.test(error.body);
  return error.status >= 500;
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

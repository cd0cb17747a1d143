// The one way Kyodo talks to Slack: Web API methods, response URLs and file upload URLs. Calls share a
// bounded queue; a 429 is retried by the shared retry policy after the Retry-After Slack names (a few
// times, and never for absurd waits) — except calls made for the outbox, which try once and leave the
// wait to the outbox — while the Web API client's own retry loop is off so nothing retries silently.
// Every failure is logged once with Kyodo's request id and Slack's x-slack-req-id, then thrown as a
// SlackApiError.
import { AsyncLocalStorage } from "node:async_hooks";
import { webApi } from "@slack/bolt";
import type { Logger } from "pino";
import { OUTBOX_ATTEMPT, withRetries, type RetryPolicy } from "../../lib/retry-policy.ts";
import { BoundedQueue, QueueFullError } from "./bounded-queue.ts";
import { slackLogger } from "./slack-logger.ts";

export const DEFAULT_SLACK_API_URL = "https://slack.com/api/";

export interface SlackApiOptions {
  token: string;
  logger: Logger;
  /** Web API base URL; tests and proxies point it elsewhere */
  apiUrl?: string;
  maxConcurrent?: number;
  /** calls allowed to wait for a free slot; more fail at once */
  maxQueued?: number;
  /** how many times one call is retried after a 429 */
  maxRateLimitRetries?: number;
  /** a Retry-After longer than this is not waited for: the answer would come too late to matter */
  maxRetryAfterSeconds?: number;
  timeoutMs?: number;
}

/** Log context of a call: the request id of the Slack delivery it answers. */
export interface CallContext {
  requestId?: string;
  /** a send for the outbox: one try, the outbox retries (after the wait Slack named) */
  outbox?: boolean;
}

export class SlackApiError extends Error {
  readonly method: string;
  /** Slack's error code ("channel_not_found"), or ours: rate_limited, queue_full, http_<status>, network */
  readonly code: string;
  readonly slackRequestId: string | undefined;
  /** for rate_limited: the wait Slack named */
  readonly retryAfterMs: number | undefined;

  constructor(method: string, code: string, slackRequestId?: string, retryAfterMs?: number) {
    super(`Slack ${method} failed: ${code}`);
    this.name = "SlackApiError";
    this.method = method;
    this.code = code;
    this.slackRequestId = slackRequestId;
    this.retryAfterMs = retryAfterMs;
  }

  /** Rate limits, a full queue, Slack's server errors and the network may pass later; refusals will not. */
  get retryable(): boolean {
    return ["rate_limited", "queue_full", "network"].includes(this.code) || /^http_5/.test(this.code);
  }
}

class RateLimited extends Error {
  readonly seconds: number;
  constructor(seconds: number) {
    super(`rate limited for ${seconds}s`);
    this.seconds = seconds;
  }
}

interface Attempt {
  slackRequestId?: string;
}

type ApiResult = Record<string, unknown> & { ok?: boolean };

export class SlackApi {
  readonly client: InstanceType<typeof webApi.WebClient>;
  private readonly queue: BoundedQueue;
  private readonly logger: Logger;
  private readonly attempts = new AsyncLocalStorage<Attempt>();
  private readonly maxRateLimitRetries: number;
  private readonly maxRetryAfterSeconds: number;
  private readonly timeoutMs: number;
  private readonly trustedOrigins: string[];

  constructor(options: SlackApiOptions) {
    const maxConcurrent = options.maxConcurrent ?? 4;
    this.queue = new BoundedQueue(maxConcurrent, options.maxQueued ?? 500);
    this.logger = options.logger.child({ component: "slack-api" });
    this.maxRateLimitRetries = options.maxRateLimitRetries ?? 3;
    this.maxRetryAfterSeconds = options.maxRetryAfterSeconds ?? 60;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    const apiUrl = options.apiUrl ?? DEFAULT_SLACK_API_URL;
    this.trustedOrigins = [new URL(apiUrl).origin];
    this.client = new webApi.WebClient(options.token, {
      slackApiUrl: apiUrl,
      logger: slackLogger(options.logger),
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: this.timeoutMs,
      // Our queue already limits concurrency, so the client's own queue never holds a call back; the call
      // then runs inside our AsyncLocalStorage context and the fetch below can see its attempt record.
      maxRequestConcurrency: maxConcurrent + 1,
      fetch: async (url, init) => {
        const response = await fetch(url, init);
        const attempt = this.attempts.getStore();
        if (attempt) attempt.slackRequestId = response.headers.get("x-slack-req-id") ?? undefined;
        return response;
      },
    });
  }

  /** Calls a Web API method; resolves with Slack's answer or throws SlackApiError. */
  async call<T extends ApiResult = ApiResult>(method: string, args: Record<string, unknown>, context: CallContext = {}): Promise<T> {
    return this.withRetries(method, context, async (attempt) => {
      try {
        return (await this.attempts.run(attempt, () => this.client.apiCall(method, args))) as T;
      } catch (error) {
        throw translateClientError(method, error, attempt);
      }
    });
  }

  /** Posts to a response URL (a slash command's or an interaction's); Slack allows five posts in 30 minutes. */
  async respond(url: string, body: Record<string, unknown>, context: CallContext = {}): Promise<void> {
    const method = "response_url";
    if (!this.isSlackUrl(url)) {
      this.logger.error({ requestId: context.requestId, method }, "response url is not Slack's; not posting");
      throw new SlackApiError(method, "untrusted_response_url");
    }
    await this.withRetries(method, context, async (attempt) => {
      let response: Response;
      try {
        response = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json; charset=utf-8" },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(this.timeoutMs),
        });
      } catch {
        throw new SlackApiError(method, "network");
      }
      attempt.slackRequestId = response.headers.get("x-slack-req-id") ?? undefined;
      if (response.status === 429) throw new RateLimited(Number(response.headers.get("retry-after") ?? "1") || 1);
      const text = await response.text();
      if (response.status !== 200)
        throw new SlackApiError(method, responseError(text) ?? `http_${response.status}`, attempt.slackRequestId);
      const error = responseError(text);
      if (error) throw new SlackApiError(method, error, attempt.slackRequestId);
    });
  }

  /**
   * Sends file bytes to an upload URL from files.getUploadURLExternal (Slack's file service answers 200
   * once it has them). Only Slack's own hosts are trusted with the bytes.
   */
  async upload(url: string, bytes: Uint8Array, context: CallContext = {}): Promise<void> {
    const method = "upload_url";
    if (!this.isSlackUrl(url)) {
      this.logger.error({ requestId: context.requestId, method }, "upload url is not Slack's; not uploading");
      throw new SlackApiError(method, "untrusted_upload_url");
    }
    await this.withRetries(method, context, async (attempt) => {
      let response: Response;
      try {
        response = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/octet-stream" },
          body: bytes,
          signal: AbortSignal.timeout(this.timeoutMs),
        });
      } catch {
        throw new SlackApiError(method, "network");
      }
      attempt.slackRequestId = response.headers.get("x-slack-req-id") ?? undefined;
      if (response.status === 429) throw new RateLimited(Number(response.headers.get("retry-after") ?? "1") || 1);
      await response.arrayBuffer();
      if (response.status !== 200) throw new SlackApiError(method, `http_${response.status}`, attempt.slackRequestId);
    });
  }

  private async withRetries<T>(method: string, context: CallContext, once: (attempt: Attempt) => Promise<T>): Promise<T> {
    let attempt: Attempt = {};
    const policy: RetryPolicy = context.outbox
      ? OUTBOX_ATTEMPT
      : {
          attempts: this.maxRateLimitRetries + 1,
          baseDelayMs: 1000,
          maxDelayMs: this.maxRetryAfterSeconds * 1000,
          maxTotalMs: this.maxRateLimitRetries * this.maxRetryAfterSeconds * 1000,
        };
    const log = () => ({ requestId: context.requestId, method, slackRequestId: attempt.slackRequestId });
    try {
      return await withRetries(
        () => {
          attempt = {};
          return this.queue.run(() => once(attempt));
        },
        {
          policy,
          // Only a 429 is repeated here, and only when Slack's wait is reasonable; the slot in the queue is
          // released while waiting, so other calls are not held up by this one.
          classify: (error) =>
            error instanceof RateLimited && error.seconds <= this.maxRetryAfterSeconds
              ? { retryable: true, retryAfterMs: error.seconds * 1000 }
              : { retryable: false },
          onRetry: ({ attempt: retry, delayMs }) =>
            this.logger.warn({ ...log(), retryAfter: delayMs / 1000, retry }, "slack rate limited; waiting as asked"),
        },
      );
    } catch (caught) {
      const error: unknown =
        caught instanceof RateLimited ? new SlackApiError(method, "rate_limited", attempt.slackRequestId, caught.seconds * 1000) : caught;
      const failure =
        error instanceof SlackApiError
          ? error
          : error instanceof QueueFullError
            ? new SlackApiError(method, "queue_full")
            : new SlackApiError(method, "unexpected");
      this.logger.error({ ...log(), error: failure.code, ...(failure.code === "unexpected" ? { err: error } : {}) }, "slack call failed");
      throw failure;
    }
  }

  private isSlackUrl(url: string): boolean {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return false;
    }
    if (this.trustedOrigins.includes(parsed.origin)) return true;
    return parsed.protocol === "https:" && /(^|\.)slack(-gov)?\.com$/.test(parsed.hostname);
  }
}

/** The client's typed errors, as our error with Slack's code (or a 429 to wait for). */
function translateClientError(method: string, error: unknown, attempt: Attempt): Error {
  const e = error as { code?: string; data?: { error?: string }; retryAfter?: number; statusCode?: number };
  switch (e.code) {
    case webApi.ErrorCode.RateLimitedError:
      return new RateLimited(e.retryAfter ?? 1);
    case webApi.ErrorCode.PlatformError:
      return new SlackApiError(method, e.data?.error ?? "platform_error", attempt.slackRequestId);
    case webApi.ErrorCode.HTTPError:
      return new SlackApiError(method, `http_${e.statusCode}`, attempt.slackRequestId);
    case webApi.ErrorCode.RequestError:
      return new SlackApiError(method, "network", attempt.slackRequestId);
    default:
      return error instanceof Error ? error : new Error(String(error));
  }
}

/** A response URL answers "ok", or JSON with ok:false and an error, or a bare error word. */
function responseError(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === "" || trimmed === "ok") return undefined;
  try {
    const body = JSON.parse(trimmed) as { ok?: boolean; error?: string };
    return body.ok === false ? (body.error ?? "error") : undefined;
  } catch {
    return trimmed.slice(0, 60);
  }
}

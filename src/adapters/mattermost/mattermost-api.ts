// The one way Kyodo talks to Mattermost: REST API v4 with the bot's token (who am I, the direct channel
// with a person, create / read / edit posts, open dialogs) and a slash command's response URL. Only the
// configured Mattermost host is ever called, so Kyodo works where the municipal network allows outbound
// HTTP to that one internal host. A 429 is waited out briefly by the shared retry policy (Mattermost
// names the wait) — except by the client the outbox uses, which tries once and leaves the wait to the
// outbox; every other failure is logged once and thrown as a MattermostApiError that says whether a
// retry may succeed.
import type { Logger } from "pino";
import { z } from "zod";
import { OUTBOX_ATTEMPT, parseRetryAfter, withRetries } from "../../lib/retry-policy.ts";

export interface MattermostApiOptions {
  /** the server's base URL, e.g. http://mattermost.city.lg.jp (a subpath is kept) */
  baseUrl: string;
  token: string;
  logger: Logger;
  timeoutMs?: number;
  /** 429s waited out per call before giving up */
  maxRateLimitRetries?: number;
  /** a longer wait than this is not waited for here (the outbox retries later instead) */
  maxRetryAfterMs?: number;
  /** one try per call: for sends the outbox retries itself */
  singleAttempt?: boolean;
}

export class MattermostApiError extends Error {
  readonly status: number | undefined;
  /** Mattermost's error id ("api.context.session_expired.app_error"), or ours: "network", "timeout" */
  readonly errorId: string;
  readonly retryAfterMs: number | undefined;

  constructor(what: string, status: number | undefined, errorId: string, retryAfterMs?: number) {
    super(`Mattermost ${what} failed: ${status ?? ""} ${errorId}`.replace(/\s+/g, " "));
    this.name = "MattermostApiError";
    this.status = status;
    this.errorId = errorId;
    this.retryAfterMs = retryAfterMs;
  }

  /** Rate limits, server errors and network trouble may pass; a refusal will not. */
  get retryable(): boolean {
    return this.status === undefined || this.status === 429 || this.status === 408 || this.status >= 500;
  }
}

export interface PostInput {
  channel_id: string;
  message: string;
  root_id?: string;
  props?: Record<string, unknown>;
  /** Mattermost drops a second post with the same pending id sent shortly after the first */
  pending_post_id?: string;
}

// What Kyodo reads of Mattermost's answers, checked: a server (or a proxy in front of it) that answers
// another shape is reported as a failed call, not followed into a crash further on.
const postRecordSchema = z.looseObject({
  id: z.string().min(1),
  channel_id: z.string(),
  message: z.string(),
  root_id: z.string().optional(),
  props: z.record(z.string(), z.unknown()).nullish(),
});
export type PostRecord = z.output<typeof postRecordSchema>;
const userSchema = z.looseObject({ id: z.string().min(1), username: z.string() });
const channelSchema = z.looseObject({ id: z.string().min(1), name: z.string().optional() });
const errorSchema = z.looseObject({ id: z.string().optional() });

export class MattermostApi {
  private readonly options: MattermostApiOptions;
  private readonly base: string;
  private readonly logger: Logger;

  constructor(options: MattermostApiOptions) {
    this.options = options;
    this.base = options.baseUrl.replace(/\/+$/, "");
    this.logger = options.logger.child({ component: "mattermost-api" });
  }

  /** The same client trying each call once, for the outbox's sends. */
  forOutbox(): MattermostApi {
    return new MattermostApi({ ...this.options, singleAttempt: true });
  }

  me(): Promise<{ id: string; username: string }> {
    return this.call(userSchema, "GET", "/api/v4/users/me");
  }

  /** The direct channel between two users; Mattermost creates it once and returns the same one after. */
  directChannel(userA: string, userB: string): Promise<{ id: string; name?: string }> {
    return this.call(channelSchema, "POST", "/api/v4/channels/direct", [userA, userB]);
  }

  createPost(post: PostInput): Promise<PostRecord> {
    return this.call(postRecordSchema, "POST", "/api/v4/posts", post);
  }

  getPost(postId: string): Promise<PostRecord> {
    return this.call(postRecordSchema, "GET", `/api/v4/posts/${encodeURIComponent(postId)}`);
  }

  updatePost(postId: string, post: { message: string; props?: Record<string, unknown> }): Promise<PostRecord> {
    return this.call(postRecordSchema, "PUT", `/api/v4/posts/${encodeURIComponent(postId)}`, { id: postId, ...post });
  }

  openDialog(request: { trigger_id: string; url: string; dialog: unknown }): Promise<unknown> {
    return this.call(z.unknown(), "POST", "/api/v4/actions/dialogs/open", request);
  }

  /**
   * Posts to a slash command's response URL (an ephemeral answer in the channel the command came
   * from). The URL names Mattermost's public site address; the request goes to the configured host
   * instead, which is the one Kyodo can reach inside the network.
   */
  async respond(responseUrl: string, body: unknown): Promise<void> {
    const path = responseUrl.match(/\/hooks\/commands\/[A-Za-z0-9]+$/)?.[0];
    if (!path) throw new MattermostApiError("response_url", undefined, "not_a_command_hook");
    await this.call(z.unknown(), "POST", path, body, { auth: false });
  }

  private async call<S extends z.ZodType>(
    schema: S,
    method: string,
    path: string,
    body?: unknown,
    { auth = true } = {},
  ): Promise<z.output<S>> {
    const what = `${method} ${path.replace(/\/[a-z0-9]{26}(?=\/|$)/g, "/:id")}`;
    const maxRetries = this.options.maxRateLimitRetries ?? 2;
    const maxWait = this.options.maxRetryAfterMs ?? 5000;
    const policy = this.options.singleAttempt
      ? OUTBOX_ATTEMPT
      : { attempts: maxRetries + 1, baseDelayMs: 1000, maxDelayMs: maxWait, maxTotalMs: maxRetries * maxWait };
    try {
      return await withRetries(() => this.once(schema, what, method, path, body, auth), {
        policy,
        // A 429 is waited out when the wait is short; the rest is the caller's (or the outbox's) call.
        classify: (error) =>
          error instanceof MattermostApiError && error.status === 429 && (error.retryAfterMs ?? 1000) <= maxWait
            ? { retryable: true, retryAfterMs: error.retryAfterMs ?? 1000 }
            : { retryable: false },
        onRetry: ({ attempt, delayMs }) =>
          this.logger.warn({ what, wait: delayMs, retry: attempt }, "mattermost rate limited; waiting as asked"),
      });
    } catch (error) {
      if (!(error instanceof MattermostApiError)) throw error;
      this.logger.error({ what, status: error.status, error: error.errorId }, "mattermost call failed");
      throw error;
    }
  }

  private async once<S extends z.ZodType>(
    schema: S,
    what: string,
    method: string,
    path: string,
    body: unknown,
    auth: boolean,
  ): Promise<z.output<S>> {
    let response: Response;
    try {
      response = await fetch(`${this.base}${path}`, {
        method,
        headers: {
          ...(auth ? { authorization: `Bearer ${this.options.token}` } : {}),
          accept: "application/json",
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      const timeout = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
      throw new MattermostApiError(what, undefined, timeout ? "timeout" : "network");
    }
    const text = await response.text();
    if (response.ok) {
      const parsed = schema.safeParse(parseJson(text || "{}"));
      if (parsed.success) return parsed.data;
      // Answered, but not as Mattermost answers this call: a refusal (not retried), named in the log.
      throw new MattermostApiError(what, response.status, "unexpected_response");
    }
    const error = errorSchema.safeParse(parseJson(text));
    const errorId = (error.success && error.data.id) || `http_${response.status}`;
    throw new MattermostApiError(what, response.status, errorId, retryAfter(response.headers));
  }
}

/** The JSON value of a body, or undefined when it is not JSON (an HTML error page of a proxy). */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Mattermost's 429 names the wait in Retry-After or X-Ratelimit-Reset (seconds). */
function retryAfter(headers: Headers): number | undefined {
  return parseRetryAfter(headers.get("retry-after")) ?? parseRetryAfter(headers.get("x-ratelimit-reset"));
}

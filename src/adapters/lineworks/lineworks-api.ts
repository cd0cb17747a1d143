// The one way Kyodo talks to the LINE WORKS Bot API 2.0: send a message to a user or to a talk room
// (POST {api}/bots/{botId}/users/{userId}/messages and …/channels/{channelId}/messages, one content each,
// answered 201), and set the bot's persistent menu (POST …/bots/{botId}/persistentmenu). Every call
// carries the service account's access token; a 401 means the token is no longer valid, so it is renewed
// once and the same request sent again — the message is not lost and the 401 does not count as a try.
// 429 and 5xx go through the shared retry policy (Retry-After when LINE WORKS names one); whatever still
// fails is thrown as a DeliveryError that says whether a later try may pass, so the outbox can reschedule.
// LINE WORKS has no idempotency key for sends: a retry after a lost answer may show a message twice,
// which is preferred to losing it.
import type { Logger } from "pino";
import { DeliveryError } from "../../engine/adapter.ts";
import { OUTBOX_ATTEMPT, parseRetryAfter, withRetries, type RetryDecision, type RetryPolicy } from "../../lib/retry-policy.ts";
import { z } from "zod";
import type { AccessTokenSource } from "./access-token.ts";

export const DEFAULT_API_BASE_URL = "https://www.worksapis.com/v1.0";

export interface LineWorksApiOptions {
  botId: string;
  tokens: AccessTokenSource;
  logger: Logger;
  /** another host than https://www.worksapis.com/v1.0: a proxy, or the fake LINE WORKS API in tests */
  apiBaseUrl?: string;
  timeoutMs?: number;
}

/** Where a message goes: "users/<userId>" for a person's 1:1 talk with the bot, "channels/<channelId>" for a talk room. */
export type Destination = `users/${string}` | `channels/${string}`;

export function isDestination(value: string): value is Destination {
  return /^(users|channels)\/[^/]+$/.test(value);
}

export class LineWorksApi {
  private readonly options: LineWorksApiOptions;
  private readonly base: string;

  constructor(options: LineWorksApiOptions) {
    this.options = options;
    this.base = (options.apiBaseUrl ?? DEFAULT_API_BASE_URL).replace(/\/+$/, "");
  }

  /** Sends one content (text, template or flexible template, with its quick reply). */
  async send(to: Destination, content: Record<string, unknown>, policy: RetryPolicy = OUTBOX_ATTEMPT): Promise<void> {
    const [kind, id] = to.split("/") as [string, string];
    await this.call(
      "POST",
      `/bots/${encodeURIComponent(this.options.botId)}/${kind}/${encodeURIComponent(id)}/messages`,
      { content },
      policy,
    );
  }

  /** Replaces the bot's persistent menu (shown to every member under the message field). */
  async setPersistentMenu(actions: Array<Record<string, unknown>>, policy: RetryPolicy = OUTBOX_ATTEMPT): Promise<void> {
    await this.call("POST", `/bots/${encodeURIComponent(this.options.botId)}/persistentmenu`, { content: { actions } }, policy);
  }

  private async call(method: string, path: string, body: unknown, policy: RetryPolicy): Promise<void> {
    const what = `${method} ${path.replace(/\/(users|channels)\/[^/]+/, "/$1/:id")}`;
    await withRetries(() => this.once(method, path, body, what), {
      policy,
      classify: retryDecision,
      onRetry: ({ attempt, delayMs, error }) =>
        this.options.logger.warn(
          { what, attempt, delay: delayMs, status: (error as DeliveryError).status },
          "lineworks request failed; retrying",
        ),
    });
  }

  /** One request; a 401 renews the token and sends the same request once more. */
  private async once(method: string, path: string, body: unknown, what: string): Promise<void> {
    let token = await this.options.tokens.token();
    for (let renewed = false; ; renewed = true) {
      let response: Response;
      try {
        response = await fetch(`${this.base}${path}`, {
          method,
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
        });
      } catch (error) {
        throw new DeliveryError(`LINE WORKS ${what} failed: ${error instanceof Error ? error.name : "network"}`, { retryable: true });
      }
      if (response.ok) return void (await response.arrayBuffer());
      const text = await response.text();
      if (response.status === 401 && !renewed) {
        this.options.logger.info({ what }, "lineworks access token refused; renewing it");
        token = await this.options.tokens.token(token);
        continue;
      }
      const code = errorCode(text);
      throw new DeliveryError(`LINE WORKS ${what} failed: ${response.status} ${code}`.trim(), {
        retryable: response.status === 429 || response.status >= 500,
        retryAfterMs: parseRetryAfter(response.headers.get("retry-after")),
        status: response.status,
      });
    }
  }
}

function retryDecision(error: unknown): RetryDecision {
  if (error instanceof DeliveryError) return { retryable: error.retryable, retryAfterMs: error.retryAfterMs };
  return { retryable: false };
}

/** LINE WORKS answers errors as {"code": "...", "description": "..."}; only the code is kept (the
 *  description may quote what was sent). */
function errorCode(text: string): string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return "";
  }
  const read = errorBodySchema.safeParse(json);
  return read.success ? read.data.code.slice(0, 80) : "";
}

const errorBodySchema = z.looseObject({ code: z.string() });

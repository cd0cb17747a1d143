// The one retry policy of every platform client (Slack, LINE, Mattermost, webhook): a failed request is
// repeated after the wait the platform named (Retry-After), or else after an exponentially growing
// delay with jitter, and only within a bounded total time. A wait that would pass that bound is not
// taken here: the error goes back to the caller, and the outbox reschedules the delivery for later
// instead of holding the scheduler on one recipient. The loop itself is cockatiel's.
import { DelegateBackoff, handleWhen, retry, type IRetryBackoffContext } from "cockatiel";

export interface RetryPolicy {
  /** tries per request, the first included */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** all waits of one request together stay under this */
  maxTotalMs: number;
}

/** Retries for an answer someone is waiting for in chat: a few quick ones, then the outbox takes over. */
export const INTERACTIVE_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 500, maxDelayMs: 8_000, maxTotalMs: 20_000 };

/** Sends made by the outbox: one try. The outbox owns their retries (and their backoff), so a client
 *  never sleeps on one recipient while others wait in the same tick. */
export const OUTBOX_ATTEMPT: RetryPolicy = { attempts: 1, baseDelayMs: 0, maxDelayMs: 0, maxTotalMs: 0 };

export interface RetryDecision {
  retryable: boolean;
  /** the wait the platform asked for */
  retryAfterMs?: number;
}

export interface RetryOptions {
  policy: RetryPolicy;
  /** whether a failure may pass on a later try, and the wait the platform asked for */
  classify: (error: unknown) => RetryDecision;
  /** told before each wait (for logging) */
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
  signal?: AbortSignal;
  now?: () => number;
}

/** Exponential delay from `baseDelayMs`, doubled per attempt, capped, with ±25 % jitter so several Kyodo
 *  processes do not retry in step. `attempt` counts from 1 (the wait after the first failure). */
export function backoffDelay(attempt: number, baseDelayMs: number, maxDelayMs: number, random: () => number = Math.random): number {
  const exponential = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential * (0.75 + random() * 0.5));
}

/**
 * Reads a Retry-After header: delay-seconds or an HTTP date. A missing or unreadable header is
 * undefined — never zero, which would retry at once (Number(null) === 0).
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Runs `call`, repeating it as the policy allows; throws the last error when it gives up. */
export async function withRetries<T>(call: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const { policy, classify } = options;
  const now = options.now ?? (() => Date.now());
  const started = now();
  let failures = 0;
  let nextDelay = 0;
  // The predicate decides and remembers the wait; the backoff only hands it to cockatiel.
  const handle = handleWhen((error) => {
    failures += 1;
    const decision = classify(error);
    if (!decision.retryable) return false;
    nextDelay = decision.retryAfterMs ?? backoffDelay(failures, policy.baseDelayMs, policy.maxDelayMs);
    return now() - started + nextDelay <= policy.maxTotalMs;
  });
  const policyRun = retry(handle, {
    maxAttempts: Math.max(0, policy.attempts - 1),
    backoff: new DelegateBackoff<IRetryBackoffContext<unknown>>(() => nextDelay),
  });
  if (options.onRetry) {
    const onRetry = options.onRetry;
    policyRun.onRetry((event) =>
      onRetry({ attempt: event.attempt, delayMs: event.delay, error: "error" in event ? event.error : undefined }),
    );
  }
  return policyRun.execute(({ attempt }) => call(attempt + 1), options.signal);
}

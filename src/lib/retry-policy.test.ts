import { describe, expect, it } from "vitest";
import { backoffDelay, parseRetryAfter, withRetries, type RetryPolicy } from "./retry-policy.ts";

const quick: RetryPolicy = { attempts: 4, baseDelayMs: 5, maxDelayMs: 1_000, maxTotalMs: 1_000 };

describe("parseRetryAfter", () => {
  it("reads seconds and HTTP dates; a missing header is no wait named, never zero", () => {
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter("garbage")).toBeUndefined();
    expect(parseRetryAfter("60")).toBe(60_000);
    expect(parseRetryAfter("0")).toBe(0);
    const now = Date.parse("2026-12-03T10:00:00Z");
    expect(parseRetryAfter("Thu, 03 Dec 2026 10:00:30 GMT", now)).toBe(30_000);
  });
});

describe("backoffDelay", () => {
  it("grows with each attempt, jittered by a quarter either way, and is capped", () => {
    expect(backoffDelay(1, 1000, 60_000, () => 0)).toBe(750);
    expect(backoffDelay(1, 1000, 60_000, () => 1)).toBe(1250);
    expect(backoffDelay(2, 1000, 60_000, () => 0)).toBe(1500);
    expect(backoffDelay(3, 1000, 60_000, () => 0.5)).toBe(4000);
    expect(backoffDelay(20, 1000, 60_000, () => 0.5)).toBe(60_000);
  });
});

describe("withRetries", () => {
  it("retries what may pass, up to the attempts, and throws the last error", async () => {
    let calls = 0;
    await expect(
      withRetries(
        () => {
          calls += 1;
          return Promise.reject(new Error(`try ${calls}`));
        },
        { policy: quick, classify: () => ({ retryable: true }) },
      ),
    ).rejects.toThrow("try 4");
    expect(calls).toBe(4);
  });

  it("does not retry a refusal", async () => {
    let calls = 0;
    await expect(
      withRetries(
        () => {
          calls += 1;
          return Promise.reject(new Error("no"));
        },
        { policy: quick, classify: () => ({ retryable: false }) },
      ),
    ).rejects.toThrow("no");
    expect(calls).toBe(1);
  });

  it("gives the error back at once when the platform's wait would pass the total bound", async () => {
    let calls = 0;
    const waits: number[] = [];
    const result = withRetries(
      () => {
        calls += 1;
        return Promise.reject(new Error("429"));
      },
      { policy: quick, classify: () => ({ retryable: true, retryAfterMs: 60_000 }), onRetry: ({ delayMs }) => waits.push(delayMs) },
    );
    await expect(result).rejects.toThrow("429");
    expect(calls).toBe(1);
    expect(waits).toEqual([]);
  });

  it("returns the value once a try succeeds", async () => {
    let calls = 0;
    expect(
      await withRetries(
        (attempt) => {
          calls += 1;
          return attempt < 3 ? Promise.reject(new Error("x")) : Promise.resolve(attempt);
        },
        { policy: quick, classify: () => ({ retryable: true }) },
      ),
    ).toBe(3);
    expect(calls).toBe(3);
  });
});

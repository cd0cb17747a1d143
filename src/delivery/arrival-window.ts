// What a platform's rate limit means, written once so the limiter, its tests and bench-fanout count the
// same thing: the platform sees requests *arrive*, and refuses a request when `perSecond` others arrived
// within the second before it (a sliding one-second window — Slack and LINE both state their limits per
// second, and a sliding window is the strictest reading of that: any fixed window is inside it). Per
// conversation (Slack: about one message per second per channel), two arrivals closer than the gap.

export const WINDOW_MS = 1000;

/** How many requests arrived when `perSecond` others had already arrived in the second before: each is
 *  a request the platform could have refused. */
export function windowViolations(arrivals: number[], perSecond: number, windowMs = WINDOW_MS): number {
  const times = [...arrivals].sort((a, b) => a - b);
  let violations = 0;
  for (let first = 0, last = 0; last < times.length; last++) {
    while (times[last]! - times[first]! >= windowMs) first++;
    if (last - first + 1 > perSecond) violations++;
  }
  return violations;
}

/** Most requests that arrived within any one window. */
export function busiestWindow(arrivals: number[], windowMs = WINDOW_MS): number {
  const times = [...arrivals].sort((a, b) => a - b);
  let most = 0;
  for (let first = 0, last = 0; last < times.length; last++) {
    while (times[last]! - times[first]! >= windowMs) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

/** Arrivals into one conversation closer together than `gapMs`. */
export function gapViolations(arrivals: number[], gapMs: number): number {
  const times = [...arrivals].sort((a, b) => a - b);
  return times.slice(1).filter((t, k) => t - times[k]! < gapMs).length;
}

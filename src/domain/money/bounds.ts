// Per-body minimum (最低負担額) and cap (上限額). Each share becomes clamp(λ × raw, minimum, cap) with one
// λ for everybody, chosen so the shares still add up to the total: bodies held at a bound pay exactly
// that bound, and the rest keep their proportions among themselves. The function Σ clamp(λ·rᵢ) is
// piecewise linear in λ, so λ is found exactly on the segment where it reaches the total.
import { DomainError } from "../errors.ts";
import { Dec, formatYen } from "../../lib/yen.ts";

export type Bound = "minimum" | "cap" | undefined;

export interface Bounded {
  exact: Dec;
  bound: Bound;
}

export function applyBounds(raw: Dec[], total: Dec, minimum?: Dec, cap?: Dec): Bounded[] {
  if (!minimum && !cap) return raw.map((exact) => ({ exact, bound: undefined }));
  const lo = minimum ?? new Dec(0);
  const n = raw.length;
  if (cap && minimum && cap.lt(minimum))
    throw new DomainError("money.capBelowMinimum", { minimum: formatYen(minimum), cap: formatYen(cap) });
  if (lo.mul(n).gt(total)) throw new DomainError("money.minimumTooHigh", { minimum: formatYen(lo), count: n, total: formatYen(total) });
  if (cap && cap.mul(n).lt(total)) throw new DomainError("money.capTooLow", { cap: formatYen(cap), count: n, total: formatYen(total) });

  const clampAt = (lambda: Dec) =>
    raw.map((r): { exact: Dec; bound: Bound } => {
      const v = lambda.mul(r);
      if (v.lte(lo) && minimum) return { exact: lo, bound: "minimum" };
      if (cap && v.gte(cap)) return { exact: cap, bound: "cap" };
      return { exact: v, bound: undefined };
    });
  const totalAt = (lambda: Dec) => clampAt(lambda).reduce((acc, s) => acc.plus(s.exact), new Dec(0));

  // Breakpoints where a body reaches a bound; between two of them the sum is linear in λ.
  // Repeated breakpoints are harmless (an empty segment), so they are not removed.
  const points: Dec[] = [new Dec(0)];
  for (const r of raw) {
    if (r.isZero()) continue;
    for (const bound of [minimum, cap]) if (bound) points.push(bound.div(r));
  }
  const sorted = points.sort((a, b) => a.cmp(b));
  // The sum is non-decreasing in λ: binary search for the first breakpoint where it reaches the total
  // (a linear scan would cost breakpoints × bodies, which is millions of operations for 1,000 bodies).
  let left = 0;
  let right = sorted.length;
  while (left < right) {
    const mid = (left + right) >> 1;
    if (totalAt(sorted[mid]!).gte(total)) right = mid;
    else left = mid + 1;
  }
  const reached = left === sorted.length ? -1 : left;
  if (reached === 0) return clampAt(sorted[0]!);
  // λ lies on (previous, reached]; the state of each body is the same anywhere inside, so read it at
  // the midpoint (or past the last breakpoint when the total is only reached beyond it).
  const from = reached < 0 ? sorted[sorted.length - 1]! : sorted[reached - 1]!;
  const inside = reached < 0 ? from.plus(1) : from.plus(sorted[reached]!).div(2);
  let fixed = new Dec(0);
  let slope = new Dec(0);
  for (const [i, state] of clampAt(inside).entries()) {
    if (state.bound === undefined) slope = slope.plus(raw[i]!);
    else fixed = fixed.plus(state.exact);
  }
  if (slope.isZero()) throw new DomainError("money.zeroWeights");
  return clampAt(total.minus(fixed).div(slope));
}

// Rounding exact shares to whole yen (or 1,000-yen units) so that they add up to the total exactly.
//
// Rule "largest_remainder" (最大剰余法): every share is first rounded down to the unit; the units left
// over go one each to the shares with the largest remainders. Ties go to the larger exact share, then to
// the smaller sort key (the local government code), so the result never depends on the order bodies
// are listed in. No share moves by a whole unit or more from its exact value.
//
// Rule "remainder_to" (端数は○○が負担): every other share is rounded down to the unit and the named body
// takes everything left, including any odd yen below the unit; common where the prefecture absorbs it.
import { DomainError } from "../errors.ts";
import { Dec } from "../../lib/yen.ts";

export type RoundingRule = { rule: "largest_remainder" } | { rule: "remainder_to"; key: string };

export interface Claim {
  /** identifies the party (a body id) */
  key: string;
  /** the exact share before rounding */
  exact: Dec;
  /** deterministic tie-break, ascending (local government code, else name) */
  order: string;
}

export interface Rounded {
  key: string;
  exact: Dec;
  amount: Dec;
  /** received one of the left-over units (largest remainder) or the remainder (remainder_to) */
  roundedUp: boolean;
}

export function roundShares(claims: Claim[], total: Dec, unit: Dec, rounding: RoundingRule): Rounded[] {
  if (!total.isInteger() || total.isNegative()) throw new DomainError("money.badTotal", { total: total.toFixed() });
  if (!unit.isInteger() || unit.lte(0)) throw new DomainError("money.badUnit", { unit: unit.toFixed() });
  if (claims.length === 0) {
    if (total.isZero()) return [];
    throw new DomainError("money.noParticipants");
  }
  for (const claim of claims) if (claim.exact.isNegative()) throw new DomainError("money.negativeShare", { key: claim.key });
  const floors = claims.map((c) => c.exact.div(unit).floor().mul(unit));

  if (rounding.rule === "remainder_to") {
    const index = claims.findIndex((c) => c.key === rounding.key);
    if (index < 0) throw new DomainError("money.remainderBodyNotParticipating");
    const others = floors.reduce((acc, f, i) => (i === index ? acc : acc.plus(f)), new Dec(0));
    const taker = total.minus(others);
    if (taker.isNegative()) throw new DomainError("money.badTotal", { total: total.toFixed() });
    return claims.map((c, i) => ({
      key: c.key,
      exact: c.exact,
      amount: i === index ? taker : floors[i]!,
      roundedUp: i === index && !taker.eq(c.exact),
    }));
  }

  if (!total.mod(unit).isZero()) throw new DomainError("money.totalNotMultipleOfUnit", { total: total.toFixed(), unit: unit.toFixed() });
  const floored = floors.reduce((acc, f) => acc.plus(f), new Dec(0));
  const leftoverUnits = total.minus(floored).div(unit);
  // The exact shares are meant to add up to the total; anything else is a caller's bug, not a rounding case.
  if (leftoverUnits.isNegative() || leftoverUnits.gt(claims.length))
    throw new Error(`shares do not add up to the total (left over: ${leftoverUnits.toFixed()} units)`);
  const ranked = claims
    .map((c, i) => ({ i, remainder: c.exact.minus(floors[i]!), exact: c.exact, order: c.order, key: c.key }))
    .sort((a, b) => b.remainder.cmp(a.remainder) || b.exact.cmp(a.exact) || compareText(a.order, b.order) || compareText(a.key, b.key));
  const bumped = new Set(ranked.slice(0, leftoverUnits.toNumber()).map((r) => r.i));
  return claims.map((c, i) => ({
    key: c.key,
    exact: c.exact,
    amount: bumped.has(i) ? floors[i]!.plus(unit) : floors[i]!,
    roundedUp: bumped.has(i),
  }));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Exact shares of `total` in proportion to `weights` (Hamilton's method before rounding). A zero total
 * weight splits nothing; callers decide whether that is an error.
 */
export function proportional(total: Dec, weights: Dec[]): Dec[] {
  const sum = weights.reduce((acc, w) => acc.plus(w), new Dec(0));
  if (sum.isZero()) return weights.map(() => new Dec(0));
  return weights.map((w) => total.mul(w).div(sum));
}

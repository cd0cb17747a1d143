// The screening rule (Kumamoto's first criterion): a candidate goes forward when at least a set share of
// the member bodies intend to join — by default 1/4, counting the bodies that plan to adopt it next
// fiscal year or the year after. Pure and in whole numbers: the required count is rounded up, so
// "1/4 of 56" needs 14 bodies and "1/4 of 57" needs 15 (14.25 bodies cannot join).
import { z } from "zod";
import { readJsonColumn, StoredJsonError } from "../../lib/json-column.ts";
import { INTEREST_LEVELS, isInterestLevel, type InterestLevel } from "./interest-levels.ts";

export interface ScreeningRule {
  numerator: number;
  denominator: number;
  /** levels that count as intending to join */
  countedLevels: InterestLevel[];
}

export const DEFAULT_RULE: ScreeningRule = { numerator: 1, denominator: 4, countedLevels: ["next_year", "year_after"] };

export interface ScreeningResult {
  rule: ScreeningRule;
  /** active member bodies of the council */
  members: number;
  /** ceil(members × numerator ÷ denominator) */
  required: number;
  /** bodies whose current level is one of the counted levels */
  intending: number;
  passes: boolean;
  /** bodies still missing (0 once it passes) */
  shortfall: number;
}

/** The smallest whole number of bodies that is at least the share: exact integer arithmetic, no floats. */
export function requiredBodies(members: number, rule: Pick<ScreeningRule, "numerator" | "denominator">): number {
  return Math.floor((members * rule.numerator + rule.denominator - 1) / rule.denominator);
}

/** Screens one candidate from the current level of each body that answered. */
export function screen(rule: ScreeningRule, members: number, currentLevels: readonly InterestLevel[]): ScreeningResult {
  const required = requiredBodies(members, rule);
  const intending = currentLevels.filter((l) => rule.countedLevels.includes(l)).length;
  // A council with no members (or a 0/n rule) would pass everything with nobody interested: require one.
  const passes = intending >= Math.max(required, 1);
  return { rule, members, required, intending, passes, shortfall: passes ? 0 : Math.max(required, 1) - intending };
}

/** Reads "1/4", "１／４", "25%" or "0.25" as a fraction; undefined when it is not a share in (0, 1]. */
export function parseThreshold(text: string): { numerator: number; denominator: number } | undefined {
  const t = text.normalize("NFKC").replace(/\s+/g, "");
  const fraction = t.match(/^(\d{1,3})\/(\d{1,3})$/);
  let numerator: number;
  let denominator: number;
  // 4分の1 is written denominator first.
  const jp = t.match(/^(\d{1,3})分の(\d{1,3})$/);
  if (jp) {
    denominator = Number(jp[1]);
    numerator = Number(jp[2]);
  } else if (fraction) {
    numerator = Number(fraction[1]);
    denominator = Number(fraction[2]);
  } else {
    const percent = t.match(/^(\d{1,3}(?:\.\d{1,2})?)%$/);
    const decimal = t.match(/^0?\.(\d{1,4})$/);
    if (percent) {
      const [whole, frac = ""] = percent[1]!.split(".");
      denominator = 10 ** frac.length * 100;
      numerator = Number(whole) * 10 ** frac.length + Number(frac || 0);
    } else if (decimal) {
      denominator = 10 ** decimal[1]!.length;
      numerator = Number(decimal[1]);
    } else return undefined;
  }
  if (!(numerator > 0) || !(denominator > 0) || numerator > denominator) return undefined;
  const g = gcd(numerator, denominator);
  return { numerator: numerator / g, denominator: denominator / g };
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** The stored JSON list of counted levels, tolerating a hand-edited row (unknown words are dropped). */
export function readCountedLevels(json: string): InterestLevel[] {
  let stored: unknown[];
  try {
    stored = readJsonColumn(z.array(z.unknown()), json, "CandidateSettings.countedLevels");
  } catch (error) {
    if (error instanceof StoredJsonError) return DEFAULT_RULE.countedLevels;
    throw error;
  }
  const levels = INTEREST_LEVELS.filter((l) => stored.some((p) => typeof p === "string" && isInterestLevel(p) && p === l));
  return levels.length > 0 ? levels : DEFAULT_RULE.countedLevels;
}

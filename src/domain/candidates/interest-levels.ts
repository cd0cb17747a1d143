// The five interest levels a body records per candidate, as Nagano's and Kumamoto's questionnaires ask
// them (次年度又は次々年度に導入を希望 / 興味がある / 勉強したい), and the words staff type for them. Pure.
import { nameKey } from "../../lib/japanese/normalize.ts";

/** Strongest first: the order of the board's columns and of the buttons. */
export const INTEREST_LEVELS = ["next_year", "year_after", "interested", "studying", "none"] as const;
export type InterestLevel = (typeof INTEREST_LEVELS)[number];

export function isInterestLevel(value: string): value is InterestLevel {
  return (INTEREST_LEVELS as readonly string[]).includes(value);
}

/**
 * What people type for each level. The official labels (次年度導入予定 …) come first; the rest are the
 * everyday variants seen in replies (来年度, 再来年度, 興味あり, 勉強したい, なし) and English words.
 */
const WORDS: Record<InterestLevel, string[]> = {
  next_year: [
    "次年度導入予定",
    "次年度",
    "来年度",
    "翌年度",
    "次年度導入",
    "来年度導入",
    "来年度導入予定",
    "next_year",
    "next-year",
    "next",
    "nextyear",
    "next fy",
  ],
  year_after: [
    "翌々年度導入予定",
    "翌々年度",
    "再来年度",
    "次々年度",
    "翌々年度導入",
    "再来年度導入",
    "year_after",
    "year-after",
    "yearafter",
    "year after next",
    "after",
  ],
  interested: ["関心あり", "関心", "興味あり", "興味", "関心がある", "興味がある", "interested", "interest"],
  studying: ["情報収集", "勉強したい", "勉強", "研究", "情報収集中", "検討中", "studying", "study", "info", "information"],
  none: ["予定なし", "なし", "無し", "導入予定なし", "関心なし", "不要", "none", "no", "no plans", "noplans"],
};

const BY_KEY = new Map<string, InterestLevel>(
  INTEREST_LEVELS.flatMap((level) => WORDS[level].map((word) => [nameKey(word), level] as [string, InterestLevel])),
);

/** The level a typed word means (全角・半角, spaces and case do not matter), or undefined. */
export function parseInterestLevel(text: string): InterestLevel | undefined {
  return BY_KEY.get(nameKey(text));
}

/** Levels that say a body plans to adopt in a particular year, so a target fiscal year follows from them. */
export function plannedOffset(level: InterestLevel): number | undefined {
  if (level === "next_year") return 1;
  if (level === "year_after") return 2;
  return undefined;
}

/**
 * The target fiscal year a level implies when the person gives none: next year's plan aims at the
 * fiscal year after the current one. Other levels imply no year.
 */
export function impliedFiscalYear(level: InterestLevel, currentFiscalYear: number): number | undefined {
  const offset = plannedOffset(level);
  return offset === undefined ? undefined : currentFiscalYear + offset;
}

/** Reads a list of levels (「次年度導入予定,翌々年度導入予定」, "next_year year_after"); undefined if any word is unknown. */
export function parseLevelList(text: string): InterestLevel[] | undefined {
  const words = text
    .normalize("NFKC")
    .split(/[,、，\s]+/)
    .filter(Boolean);
  const levels = words.map(parseInterestLevel);
  if (levels.length === 0 || levels.some((l) => l === undefined)) return undefined;
  return INTEREST_LEVELS.filter((l) => levels.includes(l));
}

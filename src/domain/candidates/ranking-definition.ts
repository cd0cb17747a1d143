// The second-stage survey (Osaka: 2回目のアンケートで調達案件を決定、1位=2点、2位=1点) as a survey
// definition: one ranking question whose options are the shortlisted candidates, so the survey engine
// does the asking, the reminders, the deadline and the tally (points per rank, ties stated). Pure.
import { formatFiscalYear } from "../../lib/japanese/era.ts";
import { DomainError } from "../errors.ts";
import type { Question, SurveyDefinition } from "../surveys/survey-types.ts";

export const RANKING_QUESTION_ID = "rank";
export const DEFAULT_POINTS = [2, 1];

export interface RankableCandidate {
  number: number;
  name: string;
  category: string;
  roughCost: string;
}

/** The option value of a candidate in the ranking: c3 for 案件3 (stable, and readable in exports). */
export const optionValue = (number: number) => `c${number}`;

export function candidateNumberOf(value: string): number | undefined {
  const m = /^c(\d+)$/.exec(value);
  return m ? Number(m[1]) : undefined;
}

/** Reads "2,1", "3-2-1" or "3 2 1" as points per rank, 1st first: whole numbers, not increasing, 1st > 0. */
export function parsePoints(text: string): number[] | undefined {
  const parts = text
    .normalize("NFKC")
    .split(/[,、，\-\s]+/)
    .filter(Boolean);
  if (parts.length === 0 || parts.length > 10 || parts.some((p) => !/^\d{1,3}$/.test(p))) return undefined;
  const points = parts.map(Number);
  if (points[0] === 0 || points.some((p, i) => i > 0 && p > points[i - 1]!)) return undefined;
  return points;
}

export interface RankingInput {
  candidates: RankableCandidate[];
  points: number[];
  dueAt: Date;
  /** the fiscal year the procurement is for (next year, when asked in spring) */
  fiscalYear: number;
}

export function rankingDefinition(input: RankingInput): SurveyDefinition {
  const { candidates, points } = input;
  if (candidates.length < 2) throw new DomainError("candidates.ranking.tooFew", { count: candidates.length });
  if (points.length > candidates.length)
    throw new DomainError("candidates.ranking.tooManyRanks", { ranks: points.length, count: candidates.length });
  const top = points.length;
  const pointsJa = points.map((p, i) => `${i + 1}位=${p}点`).join("、");
  const pointsEn = points.map((p, i) => `${ordinal(i + 1)} = ${p} point${p === 1 ? "" : "s"}`).join(", ");
  const question: Question = {
    id: RANKING_QUESTION_ID,
    kind: "ranking",
    text: `共同調達を希望する案件を、1位から${top}位まで選んでください（${pointsJa}）。`,
    textEn: `Rank the candidates your body wants procured jointly, 1st to ${ordinal(top)} (${pointsEn}).`,
    short: "希望順位",
    help: "希望する案件がなければ「スキップ」で回答できます。",
    helpEn: "If your body wants none of them, answer with Skip.",
    // A body that wants none of them still answers (and is not chased again): the ranking may be skipped.
    required: false,
    top,
    points,
    options: candidates.map((c) => ({
      value: optionValue(c.number),
      label: `案件${c.number} ${c.name}`,
      labelEn: `Candidate ${c.number} ${c.name}`,
    })),
  };
  const list = candidates
    .map((c) => `・案件${c.number} ${c.name}${c.category ? `（${c.category}）` : ""}${c.roughCost ? ` 概算: ${c.roughCost}` : ""}`)
    .join("\n");
  const listEn = candidates
    .map(
      (c) => `- Candidate ${c.number} ${c.name}${c.category ? ` (${c.category})` : ""}${c.roughCost ? ` rough cost: ${c.roughCost}` : ""}`,
    )
    .join("\n");
  const year = formatFiscalYear(input.fiscalYear);
  return {
    title: `${year} 共同調達案件の順位付け（第2段階）`,
    titleEn: `FY${input.fiscalYear} joint procurement: ranking of candidates (stage 2)`,
    description: `選定基準を満たした案件です。合計点の最も高い案件を共同調達の対象として検討します。\n${list}`,
    descriptionEn: `These candidates passed the screening. The one with the highest total is considered for joint procurement.\n${listEn}`,
    fiscalYear: input.fiscalYear,
    audience: { kind: "all" },
    dueAt: input.dueAt,
    questions: [question],
  };
}

function ordinal(n: number): string {
  const suffix =
    n % 10 === 1 && n % 100 !== 11 ? "st" : n % 10 === 2 && n % 100 !== 12 ? "nd" : n % 10 === 3 && n % 100 !== 13 ? "rd" : "th";
  return `${n}${suffix}`;
}

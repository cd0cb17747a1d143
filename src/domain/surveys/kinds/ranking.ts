// Rank the top N of the options, one rank at a time (or a list typed at once: 「3,1」); points per rank
// (1st = 2, 2nd = 1 by default) are summed in the tally, ties stated.
import { Decimal } from "decimal.js";
import { z } from "zod";
import { translator } from "../../../engine/i18n.ts";
import { looksLikeList, matchOption, readList } from "../read-answer.ts";
import { minRankedOf, optionLabel, type Answers, type QuestionBase, type SurveyOption } from "../survey-types.ts";
import { defineKind, type Outcome, type Problem, type QuestionPosition } from "./kind.ts";
import { isStringArray, labelIn, listSeparator, navAction, optionAction, optionsInput, rankedSoFar } from "./shared.ts";

export type RankingQuestion = QuestionBase & {
  kind: "ranking";
  options: SurveyOption[];
  top: number;
  points: number[];
  /** the fewest ranks an answer may give (a 1st choice only, say); all `top` ranks when absent */
  minRanked?: number;
};

export interface RankedOption {
  option: SurveyOption;
  points: number;
  /** how many bodies put it at each rank (1st first) */
  byRank: number[];
  /** 1 for the highest total; options with equal points share a place */
  place: number;
}

export interface RankingTally {
  type: "ranking";
  ranked: RankedOption[];
  ties: RankedOption[][];
}

/** A ranking of `count` ranks: within the question's bounds, or the problem to tell the person. */
export function rankCountProblem(question: { top: number; minRanked?: number }, count: number): Problem | undefined {
  const min = minRankedOf(question);
  if (count >= min && count <= question.top) return undefined;
  return min === question.top
    ? { key: "surveys.answer.rankAll", vars: { top: question.top } }
    : { key: "surveys.answer.rankBetween", vars: { min, top: question.top } };
}

function pickRank(q: RankingQuestion, position: QuestionPosition, answers: Answers, value: string): Outcome {
  const taken = rankedSoFar(q.id, answers, position.sub);
  if (taken.includes(value)) return { type: "problem", key: "surveys.answer.alreadyRanked" };
  const ranking = [...taken, value];
  if (ranking.length >= q.top) return { type: "answer", value: ranking };
  return { type: "partial", position: { at: "question", id: q.id, sub: position.sub + 1 }, answers: { ...answers, [q.id]: ranking } };
}

/** The ranks chosen so far as the answer, when the question accepts a ranking that stops here. */
function stopRanking(q: RankingQuestion, position: QuestionPosition, answers: Answers): Outcome | undefined {
  return position.sub > 0 && !rankCountProblem(q, position.sub)
    ? { type: "answer", value: rankedSoFar(q.id, answers, position.sub) }
    : undefined;
}

const rankItems = (q: RankingQuestion, values: string[], locale: "ja" | "en") =>
  values
    .map((v, i) => translator(locale)("surveys.answer.rankItem", { rank: i + 1, label: labelIn(q.options, v, locale) }))
    .join(listSeparator(locale));

export const ranking = defineKind<RankingQuestion>()({
  kind: "ranking",
  fields: {
    options: optionsInput,
    /** rank the top N */
    top: z.number().int().min(1).max(10).default(2),
    /** points per rank, 1st first; default N, N-1 … 1 (1st = 2, 2nd = 1 for the top 2, as in Osaka) */
    points: z.array(z.number().min(0)).min(1).max(10).optional(),
    /** a partial ranking is accepted down to this many ranks (1: a 1st choice alone); default: all `top` */
    minRanked: z.number().int().min(1).max(10).optional(),
  },
  normalize: (input, common, tools) => {
    const options = tools.options(input.options, "options");
    if (input.top > options.length) tools.problem(["top"], "surveys.definition.topTooLarge", { top: input.top, count: options.length });
    const points = input.points ?? Array.from({ length: input.top }, (_, i) => input.top - i);
    if (points.length !== input.top) tools.problem(["points"], "surveys.definition.pointsLength", { top: input.top, count: points.length });
    if (input.minRanked !== undefined && input.minRanked > input.top)
      tools.problem(["minRanked"], "surveys.definition.minRankedTooLarge", { min: input.minRanked, top: input.top });
    return {
      ...common,
      kind: "ranking",
      options,
      top: input.top,
      points,
      ...(input.minRanked !== undefined ? { minRanked: input.minRanked } : {}),
    };
  },
  options: (q) => q.options,
  problem: (q, value) => {
    if (!isStringArray(value) || value.some((v) => !q.options.some((o) => o.value === v)) || new Set(value).size !== value.length)
      return { key: "surveys.answer.notAnOption" };
    return rankCountProblem(q, value.length);
  },
  enter: (q, answers) => {
    const value = answers[q.id];
    return { at: "question", id: q.id, sub: Array.isArray(value) && value.length < q.top ? value.length : 0 };
  },
  enterBackwards: (q) => ({ at: "question", id: q.id, sub: 0 }),
  choices: (q, position, answers, answered) => {
    const taken = rankedSoFar(q.id, answers, position.sub);
    return [
      ...q.options.filter((o) => !taken.includes(o.value)).map((option) => ({ action: optionAction(position, option.value), option })),
      ...(position.sub === 0 && answered ? [{ action: navAction(position, "keep"), nav: "keep" as const }] : []),
      ...(position.sub === 0 && !q.required ? [{ action: navAction(position, "skip"), nav: "skip" as const }] : []),
      { action: navAction(position, "back"), nav: "back" as const },
    ];
  },
  press: pickRank,
  navigate: (q, position, answers, nav) => {
    if (nav === "done") return stopRanking(q, position, answers) ?? { type: "problem", ...rankCountProblem(q, position.sub)! };
    if (position.sub === 0) return undefined;
    // Halfway through a ranking that accepts fewer ranks, stopping keeps what was ranked.
    if (nav === "skip") return stopRanking(q, position, answers) ?? { type: "problem", key: "surveys.flow.cannotSkipHere" };
    return { type: "problem", key: "surveys.flow.nothingToKeep" };
  },
  readTyped: (q, position, answers, text) => {
    if (position.sub === 0 && looksLikeList(text)) {
      const read = readList(q.options, text);
      if (!read.ok) return { type: "problem", key: read.key, vars: read.vars };
      const problem = rankCountProblem(q, read.value.length);
      return problem ? { type: "problem", ...problem } : { type: "answer", value: read.value };
    }
    const remaining = q.options.filter((o) => !rankedSoFar(q.id, answers, position.sub).includes(o.value));
    const read = matchOption(remaining, text);
    return read.ok ? pickRank(q, position, answers, read.value) : { type: "problem", key: read.key, vars: read.vars };
  },
  cell: (q, raw) => readList(q.options, raw),
  format: (q, value, locale) => rankItems(q, value as string[], locale),
  tally: (q, answered): RankingTally => {
    const values = answered.map((a) => a.value as string[]);
    const items = q.options.map((option) => {
      const byRank = q.points.map((_, rank) => values.filter((v) => v[rank] === option.value).length);
      const points = byRank.reduce((acc, n, rank) => acc.plus(new Decimal(n).times(q.points[rank]!)), new Decimal(0)).toNumber();
      return { option, points, byRank, place: 0 };
    });
    // Highest points first; equal points keep the definition's order and share a place.
    const ranked = [...items].sort((a, b) => b.points - a.points);
    ranked.forEach((item, i) => (item.place = i > 0 && ranked[i - 1]!.points === item.points ? ranked[i - 1]!.place : i + 1));
    const groups = new Map<number, RankedOption[]>();
    for (const item of ranked) groups.set(item.points, [...(groups.get(item.points) ?? []), item]);
    const ties = [...groups.values()].filter((g) => g.length > 1 && g[0]!.points > 0);
    return { type: "ranking", ranked, ties };
  },
  columns: (q, heading) =>
    q.points.map((points, rank) => ({
      header: `${heading}：${rank + 1}位（${points}点）`,
      cell: (v) => (Array.isArray(v) && v[rank] !== undefined ? labelIn(q.options, String(v[rank]), "ja") : ""),
    })),
  tallyRows: (tally, lead) => [
    ...tally.ranked.map((r) => [
      ...lead,
      `${r.place}位 ${r.option.label}（${r.byRank.map((c, i) => `${i + 1}位${c}`).join("・")}）`,
      r.points,
      "",
    ]),
    ...(tally.ties.length > 0
      ? [
          [
            ...lead,
            `同点: ${tally.ties.map((g) => `${g.map((r) => r.option.label).join("・")}（各${g[0]!.points}点）`).join("、")}`,
            "",
            "",
          ],
        ]
      : []),
  ],
  hint: (q, position, p) => {
    const hint = p.t("surveys.flow.hint.ranking", { rank: position.sub + 1, top: q.top });
    // A ranking that may stop here says how: 「完了」 keeps the ranks chosen so far.
    return position.sub >= minRankedOf(q) ? `${hint} ${p.t("surveys.flow.hint.rankingMayStop", { ranked: position.sub })}` : hint;
  },
  progress: (q, position, answers, p) =>
    position.sub > 0
      ? p.t("surveys.flow.rankedSoFar", { ranks: rankItems(q, rankedSoFar(q.id, answers, position.sub), p.locale) })
      : undefined,
  tallyBlocks: (tally, p) => {
    const sep = listSeparator(p.locale);
    const rankColumns = tally.ranked[0]?.byRank.map((_, i) => p.t("surveys.results.rankN", { rank: i + 1 })) ?? [];
    return [
      {
        type: "table",
        columns: [p.t("surveys.results.place"), p.t("surveys.results.option"), p.t("surveys.results.points"), ...rankColumns],
        rows: tally.ranked.map((r) => [String(r.place), optionLabel(r.option, p.locale), String(r.points), ...r.byRank.map(String)]),
      },
      {
        type: "context",
        text: p.t("surveys.results.pointsRule", {
          points: tally.question.points.map((pt, i) => p.t("surveys.results.rankPoints", { rank: i + 1, points: pt })).join(sep),
        }),
      },
      ...tally.ties.map((group) => ({
        type: "text" as const,
        text: p.t("surveys.results.tie", {
          options: group.map((r) => optionLabel(r.option, p.locale)).join(p.locale === "ja" ? "・" : ", "),
          points: group[0]!.points,
          place: group[0]!.place,
        }),
      })),
    ];
  },
});

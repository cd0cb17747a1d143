// Results per question from the bodies' current answers: counts and percentages of choices, ranking
// point totals (1st = 2, 2nd = 1 by default) with ties stated, sums of numbers, and free text by body.
// Pure, so the chat, the CLI and the exports show the same numbers. Percentages are of the bodies
// that answered that question (those to whom it applied and who did not skip it).
import { Decimal } from "decimal.js";
import { isApplicable } from "./answer-rules.ts";
import { scalarText } from "./format-answer.ts";
import { optionsOf, type Answers, type Question, type SurveyOption } from "./survey-types.ts";

export interface BodyAnswers {
  bodyId: string;
  bodyName: string;
  answers: Answers;
}

export interface OptionCount {
  option: SurveyOption;
  count: number;
  /** of the bodies that answered this question, one decimal */
  percent: number;
}

interface TallyBase {
  question: Question;
  /** bodies with an answer to this question */
  answered: number;
  /** bodies that answered the survey but skipped this optional question */
  skipped: number;
  /** bodies that answered the survey but to whom this question did not apply */
  notApplicable: number;
}

export interface RankedOption {
  option: SurveyOption;
  points: number;
  /** how many bodies put it at each rank (1st first) */
  byRank: number[];
  /** 1 for the highest total; options with equal points share a place */
  place: number;
}

export type QuestionTally =
  | (TallyBase & { type: "choice"; counts: OptionCount[] })
  | (TallyBase & { type: "number"; sum: string; average: string | undefined; min: number | undefined; max: number | undefined })
  | (TallyBase & { type: "date"; earliest: string | undefined; latest: string | undefined; counts: Array<{ date: string; count: number }> })
  | (TallyBase & { type: "text"; entries: Array<{ bodyId: string; bodyName: string; text: string }> })
  | (TallyBase & { type: "ranking"; ranked: RankedOption[]; ties: RankedOption[][] })
  | (TallyBase & { type: "matrix"; rows: Array<{ row: SurveyOption; counts: OptionCount[] }> });

export function percent(count: number, of: number): number {
  return of === 0 ? 0 : new Decimal(count).times(100).dividedBy(of).toDecimalPlaces(1).toNumber();
}

function counted(options: SurveyOption[], values: string[][], answered: number): OptionCount[] {
  return options.map((option) => {
    const count = values.filter((v) => v.includes(option.value)).length;
    return { option, count, percent: percent(count, answered) };
  });
}

export function tallyQuestion(questions: Question[], question: Question, bodies: BodyAnswers[]): QuestionTally {
  const applying = bodies.filter((b) => isApplicable(questions, question, b.answers));
  const withAnswer = applying.filter((b) => b.answers[question.id] !== undefined && b.answers[question.id] !== null);
  const base = {
    question,
    answered: withAnswer.length,
    skipped: applying.length - withAnswer.length,
    notApplicable: bodies.length - applying.length,
  };
  const values = withAnswer.map((b) => b.answers[question.id]!);
  switch (question.kind) {
    case "single":
    case "yesno":
    case "multi":
      return {
        ...base,
        type: "choice",
        counts: counted(
          optionsOf(question),
          values.map((v) => (Array.isArray(v) ? v : [scalarText(v)])),
          withAnswer.length,
        ),
      };
    case "number": {
      const numbers = values.map((v) => Number(v));
      const sum = numbers.reduce((acc, n) => acc.plus(n), new Decimal(0));
      return {
        ...base,
        type: "number",
        sum: sum.toString(),
        average: numbers.length ? sum.dividedBy(numbers.length).toDecimalPlaces(2).toString() : undefined,
        min: numbers.length ? Math.min(...numbers) : undefined,
        max: numbers.length ? Math.max(...numbers) : undefined,
      };
    }
    case "date": {
      const dates = values.map(String).sort();
      const byDate = new Map<string, number>();
      for (const d of dates) byDate.set(d, (byDate.get(d) ?? 0) + 1);
      return {
        ...base,
        type: "date",
        earliest: dates[0],
        latest: dates.at(-1),
        counts: [...byDate].map(([date, count]) => ({ date, count })),
      };
    }
    case "text":
      return {
        ...base,
        type: "text",
        entries: withAnswer.map((b) => ({ bodyId: b.bodyId, bodyName: b.bodyName, text: scalarText(b.answers[question.id] ?? null) })),
      };
    case "ranking": {
      const items = question.options.map((option) => {
        const byRank = question.points.map((_, rank) => values.filter((v) => (v as string[])[rank] === option.value).length);
        const points = byRank.reduce((acc, n, rank) => acc.plus(new Decimal(n).times(question.points[rank]!)), new Decimal(0)).toNumber();
        return { option, points, byRank, place: 0 };
      });
      // Highest points first; equal points keep the definition's order and share a place.
      const ranked = [...items].sort((a, b) => b.points - a.points);
      ranked.forEach((item, i) => (item.place = i > 0 && ranked[i - 1]!.points === item.points ? ranked[i - 1]!.place : i + 1));
      const groups = new Map<number, RankedOption[]>();
      for (const item of ranked) groups.set(item.points, [...(groups.get(item.points) ?? []), item]);
      const ties = [...groups.values()].filter((g) => g.length > 1 && g[0]!.points > 0);
      return { ...base, type: "ranking", ranked, ties };
    }
    case "matrix":
      return {
        ...base,
        type: "matrix",
        rows: question.rows.map((row) => ({
          row,
          counts: counted(
            question.options,
            values.map((v) => (v as Record<string, string[]>)[row.value] ?? []),
            withAnswer.length,
          ),
        })),
      };
  }
}

export function tallySurvey(questions: Question[], bodies: BodyAnswers[]): QuestionTally[] {
  return questions.map((q) => tallyQuestion(questions, q, bodies));
}

// A number, with an optional unit and bounds: 「12」「１２」「1,200」「12ライセンス」. Tallied as sum, average, min, max.
import { Decimal } from "decimal.js";
import { z } from "zod";
import { readNumber } from "../read-answer.ts";
import { pick, type QuestionBase } from "../survey-types.ts";
import { defineKind, type Locale } from "./kind.ts";
import { fromRead } from "./shared.ts";

export type NumberQuestion = QuestionBase & {
  kind: "number";
  unit?: string;
  unitEn?: string;
  min?: number;
  max?: number;
  integer: boolean;
};

export interface NumberTally {
  type: "number";
  sum: string;
  average: string | undefined;
  min: number | undefined;
  max: number | undefined;
}

export function formatNumber(question: NumberQuestion, value: number, locale: Locale): string {
  const unit = pick(question.unit ?? "", question.unitEn, locale);
  const text = value.toLocaleString(locale === "ja" ? "ja-JP" : "en-GB", { maximumFractionDigits: 10 });
  return unit ? (locale === "ja" ? `${text}${unit}` : `${text} ${unit}`) : text;
}

const unitInput = z.string().trim().min(1).max(20).optional();

export const number = defineKind<NumberQuestion>()({
  kind: "number",
  fields: {
    unit: unitInput,
    unitEn: unitInput,
    min: z.number().optional(),
    max: z.number().optional(),
    integer: z.boolean().default(true),
  },
  normalize: (input, common, tools) => {
    if (input.min !== undefined && input.max !== undefined && input.min > input.max)
      tools.problem(["max"], "surveys.definition.minMax", { min: input.min, max: input.max });
    return {
      ...common,
      kind: "number",
      integer: input.integer,
      ...(input.unit ? { unit: input.unit } : {}),
      ...(input.unitEn ? { unitEn: input.unitEn } : {}),
      ...(input.min !== undefined ? { min: input.min } : {}),
      ...(input.max !== undefined ? { max: input.max } : {}),
    };
  },
  problem: (q, value) => {
    if (typeof value !== "number" || !Number.isFinite(value)) return { key: "surveys.answer.notANumber" };
    if (q.integer && !Number.isInteger(value)) return { key: "surveys.answer.notInteger" };
    if (q.min !== undefined && value < q.min) return { key: "surveys.answer.belowMin", vars: { min: q.min } };
    if (q.max !== undefined && value > q.max) return { key: "surveys.answer.aboveMax", vars: { max: q.max } };
    return undefined;
  },
  readTyped: (q, _position, _answers, text) => fromRead(readNumber(q, text)),
  form: { field: (_q, base) => ({ ...base, kind: "number" }), read: (q, raw) => readNumber(q, raw) },
  cell: (q, raw) => readNumber(q, raw),
  quick: { order: 4, words: ["数値", "数", "number"], build: (common) => ({ ...common, kind: "number", integer: false }) },
  format: (q, value, locale) => formatNumber(q, Number(value), locale),
  tally: (_q, answered): NumberTally => {
    const numbers = answered.map((a) => Number(a.value));
    const sum = numbers.reduce((acc, n) => acc.plus(n), new Decimal(0));
    return {
      type: "number",
      sum: sum.toString(),
      average: numbers.length ? sum.dividedBy(numbers.length).toDecimalPlaces(2).toString() : undefined,
      min: numbers.length ? Math.min(...numbers) : undefined,
      max: numbers.length ? Math.max(...numbers) : undefined,
    };
  },
  columns: (q, heading) => [{ header: q.unit ? `${heading}（${q.unit}）` : heading, cell: (v) => (typeof v === "number" ? v : "") }],
  tallyRows: (tally, lead) => [
    [...lead, "合計", Number(tally.sum), ""],
    [...lead, "平均", tally.average === undefined ? "" : Number(tally.average), ""],
    [...lead, "最小", tally.min ?? "", ""],
    [...lead, "最大", tally.max ?? "", ""],
  ],
  hint: (q, _position, p) => {
    const unit = pick(q.unit ?? "", q.unitEn, p.locale);
    const range = q.min !== undefined && q.max !== undefined ? p.t("surveys.flow.range", { min: q.min, max: q.max, unit }) : "";
    return p.t("surveys.flow.hint.number", { range });
  },
  tallyBlocks: (tally, p) => {
    const unit = pick(tally.question.unit ?? "", tally.question.unitEn, p.locale);
    const fmt = (v: string | number | undefined) => (v === undefined ? "—" : `${v}${unit ? (p.locale === "ja" ? unit : ` ${unit}`) : ""}`);
    return [
      {
        type: "fields",
        fields: [
          { label: p.t("surveys.results.sum"), value: fmt(tally.sum) },
          { label: p.t("surveys.results.average"), value: fmt(tally.average) },
          { label: p.t("surveys.results.min"), value: fmt(tally.min) },
          { label: p.t("surveys.results.max"), value: fmt(tally.max) },
        ],
      },
    ];
  },
});

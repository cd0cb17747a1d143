// Per row (a service), the options wanted: one row at a time, boxes ticked then 決定, or a list typed for the row.
import { z } from "zod";
import { translator } from "../../../engine/i18n.ts";
import { readList } from "../read-answer.ts";
import { optionLabel, type Answers, type QuestionBase, type SurveyOption } from "../survey-types.ts";
import { defineKind, type Outcome, type QuestionPosition } from "./kind.ts";
import { countOptions, isStringArray, MARK, optionInput, recordOf, tickButtons, toggled, type OptionCount } from "./shared.ts";

export type MatrixQuestion = QuestionBase & { kind: "matrix"; rows: SurveyOption[]; options: SurveyOption[] };

export interface MatrixTally {
  type: "matrix";
  rows: Array<{ row: SurveyOption; counts: OptionCount[] }>;
}

const rowPosition = (q: MatrixQuestion, answers: Answers, sub: number): QuestionPosition => ({
  at: "question",
  id: q.id,
  sub,
  pending: recordOf(answers[q.id])[q.rows[sub]!.value] ?? [],
});

/** A row is settled: move to the next row, or finish the question after the last. */
function settleRow(q: MatrixQuestion, position: QuestionPosition, answers: Answers, picked: string[]): Outcome {
  const record = { ...recordOf(answers[q.id]), [q.rows[position.sub]!.value]: picked };
  if (position.sub + 1 >= q.rows.length) return { type: "answer", value: record };
  const sub = position.sub + 1;
  return {
    type: "partial",
    position: { at: "question", id: q.id, sub, pending: record[q.rows[sub]!.value] ?? [] },
    answers: { ...answers, [q.id]: record },
  };
}

export const matrix = defineKind<MatrixQuestion>()({
  kind: "matrix",
  fields: {
    /** the services (one row each) */
    rows: z.array(optionInput).min(1).max(30),
    /** the options each row may want */
    options: z.array(optionInput).min(1).max(20),
  },
  normalize: (input, common, tools) => ({
    ...common,
    kind: "matrix",
    rows: tools.options(input.rows, "rows"),
    options: tools.options(input.options, "options"),
  }),
  options: (q) => q.options,
  problem: (q, value) => {
    if (typeof value !== "object" || Array.isArray(value)) return { key: "surveys.answer.notAnOption" };
    const record = value as Record<string, unknown>;
    for (const row of q.rows) {
      const picked = record[row.value];
      if (!isStringArray(picked) || picked.some((v) => !q.options.some((o) => o.value === v)))
        return { key: "surveys.answer.matrixRow", vars: { row: row.label } };
    }
    return Object.keys(record).every((k) => q.rows.some((r) => r.value === k)) ? undefined : { key: "surveys.answer.notAnOption" };
  },
  enter: (q, answers) => {
    const row = q.rows.findIndex((r) => !(r.value in recordOf(answers[q.id])));
    return rowPosition(q, answers, row === -1 ? 0 : row);
  },
  enterBackwards: (q, answers) => rowPosition(q, answers, q.rows.length - 1),
  stepBack: (q, answers, position) => rowPosition(q, answers, position.sub - 1),
  choices: (q, position) => tickButtons(q.options, position),
  press: (q, position, answers, value) => ({
    type: "partial",
    position: { ...position, pending: toggled(q.options, position.pending ?? [], value) },
    answers,
  }),
  navigate: (q, position, answers, nav) => (nav === "done" ? settleRow(q, position, answers, position.pending ?? []) : undefined),
  readTyped: (q, position, answers, text) => {
    const read = readList(q.options, text);
    return read.ok ? settleRow(q, position, answers, read.value) : { type: "problem", key: read.key, vars: read.vars };
  },
  format: (q, value, locale) => {
    const record = value as Record<string, string[]>;
    const t = translator(locale);
    return q.rows
      .filter((row) => row.value in record)
      .map((row) => {
        const picked = record[row.value]!;
        const chosen =
          picked.length === 0
            ? t("surveys.answer.noneChosen")
            : picked.map((v) => optionLabel(q.options.find((o) => o.value === v) ?? { value: v, label: v }, locale)).join("・");
        return `${optionLabel(row, locale)}: ${chosen}`;
      })
      .join(locale === "ja" ? "／" : " / ");
  },
  tally: (q, answered): MatrixTally => ({
    type: "matrix",
    rows: q.rows.map((row) => ({
      row,
      counts: countOptions(
        q.options,
        answered.map((a) => recordOf(a.value)[row.value] ?? []),
        answered.length,
      ),
    })),
  }),
  columns: (q, heading) =>
    q.rows.flatMap((row) =>
      q.options.map((option) => ({
        header: `${heading}：${row.label}：${option.label}`,
        cell: (v: unknown) => (v && (v as Record<string, string[]>)[row.value]?.includes(option.value) ? MARK : ""),
      })),
    ),
  tallyRows: (tally, lead) =>
    tally.rows.flatMap((r) => r.counts.map((c) => [...lead, `${r.row.label}：${c.option.label}`, c.count, c.percent])),
  hint: (q, position, p) => p.t("surveys.flow.hint.matrix", { row: optionLabel(q.rows[position.sub]!, p.locale) }),
  ticks: true,
  tallyBlocks: (tally, p) => [
    {
      type: "table",
      columns: [p.t("surveys.results.row"), p.t("surveys.results.option"), p.t("surveys.results.bodies"), p.t("surveys.results.percent")],
      rows: tally.rows.flatMap((r) =>
        r.counts.map((c) => [optionLabel(r.row, p.locale), optionLabel(c.option, p.locale), String(c.count), `${c.percent}%`]),
      ),
    },
  ],
});

// Free text, up to a length: whatever is typed is the answer (only 戻る / スキップ / そのまま steer).
import { z } from "zod";
import { readText } from "../read-answer.ts";
import type { AnswerValue, QuestionBase } from "../survey-types.ts";
import { defineKind } from "./kind.ts";
import { formattedColumn, fromRead, scalarText } from "./shared.ts";

export type TextQuestion = QuestionBase & { kind: "text"; maxLength: number };

export interface TextTally {
  type: "text";
  entries: Array<{ bodyId: string; bodyName: string; text: string }>;
}

const formatText = (_q: TextQuestion, value: Exclude<AnswerValue, null>): string => scalarText(value);

export const text = defineKind<TextQuestion>()({
  kind: "text",
  fields: { maxLength: z.number().int().min(1).max(4000).default(1000) },
  normalize: (input, common) => ({ ...common, kind: "text", maxLength: input.maxLength }),
  problem: (q, value) => {
    if (typeof value !== "string" || value.trim().length === 0) return { key: "surveys.answer.emptyText" };
    return [...value].length > q.maxLength
      ? { key: "surveys.answer.tooLong", vars: { max: q.maxLength, length: [...value].length } }
      : undefined;
  },
  literalText: true,
  readTyped: (q, _position, _answers, typed) => fromRead(readText(q, typed)),
  form: { field: (q, base) => ({ ...base, kind: "text", maxLength: q.maxLength }), read: (q, raw) => readText(q, raw) },
  cell: (q, raw) => readText(q, raw),
  quick: { order: 5, words: ["自由記述", "text"], plain: true, build: (common) => ({ ...common, kind: "text", maxLength: 1000 }) },
  format: formatText,
  tally: (_q, answered): TextTally => ({
    type: "text",
    entries: answered.map((a) => ({ bodyId: a.bodyId, bodyName: a.bodyName, text: scalarText(a.value) })),
  }),
  columns: (q, heading) => formattedColumn(heading, q, formatText),
  tallyRows: (tally, lead) => tally.entries.map((e) => [...lead, e.bodyName, e.text, ""]),
  hint: (q, _position, p) => p.t("surveys.flow.hint.text", { max: q.maxLength }),
  tallyBlocks: (tally, p) => [
    tally.entries.length === 0
      ? { type: "context", text: p.t("common.none") }
      : {
          type: "table",
          columns: [p.t("surveys.fields.body"), p.t("surveys.results.answer")],
          rows: tally.entries.map((e) => [e.bodyName, e.text]),
        },
  ],
});

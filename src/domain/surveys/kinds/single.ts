// One choice among options: a button per option, or the option's number, label or the beginning of it typed.
import { matchOption } from "../read-answer.ts";
import { optionLabel, type AnswerValue, type QuestionBase, type SurveyOption } from "../survey-types.ts";
import { defineKind, type Locale } from "./kind.ts";
import {
  choiceTally,
  choiceTallyBlocks,
  choiceTallyRows,
  formattedColumn,
  fromRead,
  labelIn,
  oneChoiceButtons,
  optionsInput,
  scalarText,
} from "./shared.ts";

export type SingleQuestion = QuestionBase & { kind: "single"; options: SurveyOption[] };

const formatSingle = (q: SingleQuestion, value: Exclude<AnswerValue, null>, locale: Locale): string =>
  labelIn(q.options, scalarText(value), locale);

export const single = defineKind<SingleQuestion>()({
  kind: "single",
  fields: { options: optionsInput },
  normalize: (input, common, tools) => ({ ...common, kind: "single", options: tools.options(input.options, "options") }),
  options: (q) => q.options,
  choice: true,
  problem: (q, value) =>
    typeof value === "string" && q.options.some((o) => o.value === value) ? undefined : { key: "surveys.answer.notAnOption" },
  choices: (q, position, answers, answered) => oneChoiceButtons(q.options, position, answers[q.id], answered, q.required),
  readTyped: (q, _position, _answers, text) => fromRead(matchOption(q.options, text)),
  form: {
    field: (q, base, p) => ({
      ...base,
      kind: "select",
      options: q.options.map((o) => ({ label: optionLabel(o, p.locale), value: o.value })),
    }),
    read: (q, raw) => matchOption(q.options, raw),
  },
  cell: (q, raw) => matchOption(q.options, raw),
  quick: { order: 2, withOptions: true, build: (common, options) => ({ ...common, kind: "single", options }) },
  format: formatSingle,
  tally: (q, answered) => choiceTally(q.options, answered),
  columns: (q, heading) => formattedColumn(heading, q, formatSingle),
  tallyRows: choiceTallyRows,
  tallyBlocks: choiceTallyBlocks,
});

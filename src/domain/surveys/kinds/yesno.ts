// Yes or no: two buttons, or はい／いいえ, yes／no, ある／ない, ○／× typed.
import { readYesNo } from "../read-answer.ts";
import { optionLabel, YES_NO_OPTIONS, type AnswerValue, type QuestionBase } from "../survey-types.ts";
import { defineKind, type Locale } from "./kind.ts";
import {
  choiceTally,
  choiceTallyBlocks,
  choiceTallyRows,
  formattedColumn,
  fromRead,
  labelIn,
  oneChoiceButtons,
  scalarText,
} from "./shared.ts";

export type YesNoQuestion = QuestionBase & { kind: "yesno" };

const formatYesNo = (_q: YesNoQuestion, value: Exclude<AnswerValue, null>, locale: Locale): string =>
  labelIn(YES_NO_OPTIONS, scalarText(value), locale);

export const yesno = defineKind<YesNoQuestion>()({
  kind: "yesno",
  fields: {},
  normalize: (_input, common) => ({ ...common, kind: "yesno" }),
  options: () => YES_NO_OPTIONS,
  choice: true,
  conditionBoolean: (value) => (value ? "yes" : "no"),
  problem: (_q, value) => (value === "yes" || value === "no" ? undefined : { key: "surveys.answer.notAnOption" }),
  choices: (q, position, answers, answered) => oneChoiceButtons(YES_NO_OPTIONS, position, answers[q.id], answered, q.required),
  readTyped: (_q, _position, _answers, text) => fromRead(readYesNo(text)),
  form: {
    field: (_q, base, p) => ({
      ...base,
      kind: "select",
      options: YES_NO_OPTIONS.map((o) => ({ label: optionLabel(o, p.locale), value: o.value })),
    }),
    read: (_q, raw) => (raw === "yes" || raw === "no" ? { ok: true, value: raw } : readYesNo(raw)),
  },
  cell: (_q, raw) => readYesNo(raw),
  quick: { order: 1, words: ["はい/いいえ", "yes/no"], build: (common) => ({ ...common, kind: "yesno" }) },
  format: formatYesNo,
  tally: (_q, answered) => choiceTally(YES_NO_OPTIONS, answered),
  columns: (q, heading) => formattedColumn(heading, q, formatYesNo),
  tallyRows: choiceTallyRows,
  tallyBlocks: choiceTallyBlocks,
});

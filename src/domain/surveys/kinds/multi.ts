// Several choices: boxes ticked one by one then 決定, or a list typed (「1,3」「話者識別・要約」「なし」).
import { translator } from "../../../engine/i18n.ts";
import { readList } from "../read-answer.ts";
import type { QuestionBase, SurveyOption } from "../survey-types.ts";
import { defineKind, type Problem } from "./kind.ts";
import {
  choiceTally,
  choiceTallyBlocks,
  choiceTallyRows,
  countInput,
  isStringArray,
  labelIn,
  listSeparator,
  MARK,
  optionsInput,
  tickButtons,
  toggled,
} from "./shared.ts";

export type MultiQuestion = QuestionBase & { kind: "multi"; options: SurveyOption[]; minSelect?: number; maxSelect?: number };

function multiProblem(q: MultiQuestion, value: unknown): Problem | undefined {
  if (!isStringArray(value) || value.some((v) => !q.options.some((o) => o.value === v)) || new Set(value).size !== value.length)
    return { key: "surveys.answer.notAnOption" };
  const min = Math.max(q.required ? 1 : 0, q.minSelect ?? 0);
  if (value.length < min) return { key: "surveys.answer.tooFew", vars: { min } };
  if (q.maxSelect !== undefined && value.length > q.maxSelect) return { key: "surveys.answer.tooMany", vars: { max: q.maxSelect } };
  return undefined;
}

export const multi = defineKind<MultiQuestion>()({
  kind: "multi",
  fields: { options: optionsInput, minSelect: countInput.optional(), maxSelect: countInput.min(1).optional() },
  normalize: (input, common, tools) => {
    const options = tools.options(input.options, "options");
    const max = input.maxSelect ?? options.length;
    if (max > options.length) tools.problem(["maxSelect"], "surveys.definition.maxSelect", { count: options.length });
    if ((input.minSelect ?? 0) > max) tools.problem(["minSelect"], "surveys.definition.minSelect", { max });
    return {
      ...common,
      kind: "multi",
      options,
      ...(input.minSelect !== undefined ? { minSelect: input.minSelect } : {}),
      ...(input.maxSelect !== undefined ? { maxSelect: input.maxSelect } : {}),
    };
  },
  options: (q) => q.options,
  choice: true,
  problem: multiProblem,
  enter: (q, answers) => {
    const value = answers[q.id];
    return { at: "question", id: q.id, sub: 0, pending: Array.isArray(value) ? value : [] };
  },
  choices: (q, position) => tickButtons(q.options, position),
  press: (q, position, answers, value) => {
    const pending = toggled(q.options, position.pending ?? [], value);
    if (q.maxSelect !== undefined && pending.length > q.maxSelect)
      return { type: "problem", key: "surveys.answer.tooMany", vars: { max: q.maxSelect } };
    return { type: "partial", position: { ...position, pending }, answers };
  },
  navigate: (q, position, _answers, nav) => {
    if (nav !== "done") return undefined;
    const problem = multiProblem(q, position.pending ?? []);
    return problem ? { type: "problem", ...problem } : { type: "answer", value: position.pending ?? [] };
  },
  readTyped: (q, _position, _answers, text) => {
    const read = readList(q.options, text);
    if (!read.ok) return { type: "problem", key: read.key, vars: read.vars };
    const problem = multiProblem(q, read.value);
    return problem ? { type: "problem", ...problem } : { type: "answer", value: read.value };
  },
  cell: (q, raw) => readList(q.options, raw),
  quick: {
    order: 3,
    withOptions: true,
    optionsPrefix: /^(?:複数|multi)\s*[:：]\s*(.*)$/i,
    build: (common, options) => ({ ...common, kind: "multi", options }),
  },
  format: (q, value, locale) => {
    const values = value as string[];
    return values.length === 0
      ? translator(locale)("surveys.answer.noneChosen")
      : values.map((v) => labelIn(q.options, v, locale)).join(listSeparator(locale));
  },
  tally: (q, answered) => choiceTally(q.options, answered),
  columns: (q, heading) =>
    q.options.map((option) => ({
      header: `${heading}：${option.label}`,
      cell: (v) => (Array.isArray(v) && v.includes(option.value) ? MARK : ""),
    })),
  tallyRows: choiceTallyRows,
  ticks: true,
  tallyBlocks: choiceTallyBlocks,
});

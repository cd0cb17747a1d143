// Pieces several kinds share: how options are written in a definition, button values, a stored answer as
// text, option labels, and counting choices. Kind modules import these (never the registry, nor the sites
// that ask it), so the registry can list them without a cycle.
import { Decimal } from "decimal.js";
import { z } from "zod";
import { optionLabel, type Answers, type AnswerValue, type SurveyOption } from "../survey-types.ts";
import type { Block } from "../../../engine/messages.ts";
import type { ChoiceSpec, Locale, Nav, Outcome, QuestionPosition } from "./kind.ts";

const label = z.string().trim().min(1).max(200);
export const scalar = z.union([z.string().trim().min(1).max(100), z.number()]);

/** `- 参加する` or `- { value: join, label: 参加する, labelEn: Join }` */
export const optionInput = z.union([scalar, z.strictObject({ value: scalar.optional(), label, labelEn: label.optional() })], {
  error: "surveys.definition.option",
});
export const optionsInput = z.array(optionInput).min(2, { error: "surveys.definition.twoOptions" }).max(50);
export const countInput = z.number().int().min(0).max(50);

const SEP = "|";

/** Button values carry the question and step they belong to, so a button from an older message is recognised. */
export function optionAction(position: QuestionPosition, value: string): string {
  return ["o", position.id, position.sub, value].join(SEP);
}
export function navAction(position: QuestionPosition, nav: Nav): string {
  return ["n", position.id, position.sub, nav].join(SEP);
}

export function parseAction(value: string): { verb: "o" | "n"; id: string; sub: number; rest: string } | undefined {
  const [verb, id, sub, ...rest] = value.split(SEP);
  if ((verb !== "o" && verb !== "n") || !id || sub === undefined || rest.length === 0) return undefined;
  return { verb, id, sub: Number(sub), rest: rest.join(SEP) };
}

export const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string");

/** A stored answer as text where a string is expected; a list is joined as `String` would, not shown as an object. */
export function scalarText(value: AnswerValue): string {
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  if (Array.isArray(value)) return value.join(",");
  return value === null ? "null" : JSON.stringify(value);
}

/** The label of the option with this value, or the value itself when no option has it. */
export function labelIn(options: SurveyOption[], value: string, locale: Locale): string {
  const option = options.find((o) => o.value === value);
  return option ? optionLabel(option, locale) : value;
}

export function listSeparator(locale: Locale): string {
  return locale === "ja" ? "、" : ", ";
}

export interface OptionCount {
  option: SurveyOption;
  count: number;
  /** of the bodies that answered this question, one decimal */
  percent: number;
}

function percent(count: number, of: number): number {
  return of === 0 ? 0 : new Decimal(count).times(100).dividedBy(of).toDecimalPlaces(1).toNumber();
}

/** How many answers include each option; `answered` is the base of the percentages. */
export function countOptions(options: SurveyOption[], values: string[][], answered: number): OptionCount[] {
  return options.map((option) => {
    const count = values.filter((v) => v.includes(option.value)).length;
    return { option, count, percent: percent(count, answered) };
  });
}

/** The ranks or rows answered so far, from the answers being built. */
export function recordOf(value: AnswerValue | undefined): Record<string, string[]> {
  return value && typeof value === "object" && !Array.isArray(value) ? value : {};
}

export function rankedSoFar(id: string, answers: Answers, sub: number): string[] {
  const value = answers[id];
  return Array.isArray(value) ? value.slice(0, sub) : [];
}

/** Choices counted (single, yes/no, multiple): the same table in chat and in the export. */
export interface ChoiceTally {
  type: "choice";
  counts: OptionCount[];
}

export function choiceTally(options: SurveyOption[], answered: Array<{ value: Exclude<AnswerValue, null> }>): ChoiceTally {
  return {
    type: "choice",
    counts: countOptions(
      options,
      answered.map((a) => (Array.isArray(a.value) ? a.value : [scalarText(a.value)])),
      answered.length,
    ),
  };
}

export function choiceTallyRows(tally: ChoiceTally, lead: [string, string]): Array<Array<string | number>> {
  return tally.counts.map((c) => [...lead, c.option.label, c.count, c.percent]);
}

export function choiceTallyBlocks(
  tally: ChoiceTally,
  p: { t(key: string, vars?: Record<string, unknown>): string; locale: Locale },
): Block[] {
  return [
    {
      type: "table",
      columns: [p.t("surveys.results.option"), p.t("surveys.results.bodies"), p.t("surveys.results.percent")],
      rows: tally.counts.map((c) => [optionLabel(c.option, p.locale), String(c.count), `${c.percent}%`]),
    },
  ];
}

/** The buttons of a one-choice question: its options (the current answer marked), keep, skip, back. */
export function oneChoiceButtons(
  options: SurveyOption[],
  position: QuestionPosition,
  current: AnswerValue | undefined,
  answered: boolean,
  required: boolean,
): ChoiceSpec[] {
  return [
    ...options.map((option) => ({ action: optionAction(position, option.value), option, current: current === option.value })),
    ...(answered ? [{ action: navAction(position, "keep"), nav: "keep" as const }] : []),
    ...(!required ? [{ action: navAction(position, "skip"), nav: "skip" as const }] : []),
    { action: navAction(position, "back"), nav: "back" as const },
  ];
}

/** Ticked options (multiple choice, a matrix row): tick boxes, then 決定 or 戻る. */
export function tickButtons(options: SurveyOption[], position: QuestionPosition): ChoiceSpec[] {
  const pending = position.pending ?? [];
  return [
    ...options.map((option) => ({ action: optionAction(position, option.value), option, checked: pending.includes(option.value) })),
    { action: navAction(position, "done"), nav: "done" as const },
    { action: navAction(position, "back"), nav: "back" as const },
  ];
}

/** A ticked box toggled; the definition's order is kept, whatever order the boxes were ticked in. */
export function toggled(options: SurveyOption[], pending: string[], value: string): string[] {
  const next = pending.includes(value) ? pending.filter((v) => v !== value) : [...pending, value];
  return options.map((o) => o.value).filter((v) => next.includes(v));
}

/** A one-column export (single, yes/no, text): the answer as read, blank when skipped or not asked. */
export function formattedColumn<Q>(
  heading: string,
  question: Q,
  format: (question: Q, value: Exclude<AnswerValue, null>, locale: Locale) => string,
): Array<{ header: string; cell(value: AnswerValue | undefined): string }> {
  return [{ header: heading, cell: (v) => (v === null || v === undefined ? "" : format(question, v, "ja")) }];
}

/** A Read as an answering outcome. */
export function fromRead<T extends AnswerValue>(
  read: { ok: true; value: T } | { ok: false; key: string; vars?: Record<string, unknown> },
): Outcome {
  return read.ok ? { type: "answer", value: read.value } : { type: "problem", key: read.key, vars: read.vars };
}

/** The export's mark for a chosen option, so COUNTIF over a column gives the number the chat shows. */
export const MARK = "○";

// Turns a structurally valid definition into the stored shape and checks what zod cannot see alone:
// unique ids and option values, a condition that points at an earlier choice question and one of its
// options, ranking points that fit the ranks, dates that read and come in order. Pure: the caller
// gives the time zone and the current time.
import { parseFiscalYear } from "../../lib/japanese/era.ts";
import { nameKey } from "../../lib/japanese/normalize.ts";
import type { DefinitionInput, OptionInput, QuestionInput } from "./definition-schema.ts";
import { parseDateTime } from "../calendar/parse-date-time.ts";
import type { LocalTime } from "../calendar/zoned-time.ts";
import { kindOf, optionsOf } from "./kinds/index.ts";
import type { NormalizeTools } from "./kinds/kind.ts";
import type { Audience, Condition, Question, SurveyDefinition, SurveyOption } from "./survey-types.ts";

/**
 * A deadline written without a time means the end of that day, so nobody who answers on the day
 * written is refused; an opening date without a time means the start of the day.
 */
export const END_OF_DAY: LocalTime = { hour: 23, minute: 59 };
export const START_OF_DAY: LocalTime = { hour: 0, minute: 0 };

export type IssuePath = Array<string | number>;

/** Something to fix in a definition: where, and an i18n key with its values. */
export interface DefinitionProblem {
  path: IssuePath;
  key: string;
  vars?: Record<string, unknown>;
}

function toOption(input: OptionInput): SurveyOption {
  if (typeof input === "string" || typeof input === "number") return { value: String(input), label: String(input) };
  return { value: String(input.value ?? input.label), label: input.label, ...(input.labelEn ? { labelEn: input.labelEn } : {}) };
}

function checkUnique(options: SurveyOption[], path: IssuePath, problems: DefinitionProblem[]): void {
  const seen = new Set<string>();
  options.forEach((o, i) => {
    const key = nameKey(o.value);
    if (seen.has(key)) problems.push({ path: [...path, i], key: "surveys.definition.duplicateOption", vars: { value: o.value } });
    seen.add(key);
  });
}

/** A condition's value may be written as the option's value or its label (「参加する」), or true/false for yes/no. */
function resolveConditionValue(target: Question, raw: string | number | boolean): string | undefined {
  if (typeof raw === "boolean") return kindOf(target).conditionBoolean?.(raw);
  const key = nameKey(String(raw));
  const found = optionsOf(target).find(
    (o) => nameKey(o.value) === key || nameKey(o.label) === key || (o.labelEn && nameKey(o.labelEn) === key),
  );
  return found?.value;
}

function toQuestion(input: QuestionInput, index: number, earlier: Question[], problems: DefinitionProblem[]): Question {
  const path: IssuePath = ["questions", index];
  const base = {
    id: input.id ?? `q${index + 1}`,
    text: input.text,
    ...(input.textEn ? { textEn: input.textEn } : {}),
    ...(input.short ? { short: input.short } : {}),
    ...(input.help ? { help: input.help } : {}),
    ...(input.helpEn ? { helpEn: input.helpEn } : {}),
    required: input.required,
    ...(input.costEstimate ? { costEstimate: input.costEstimate } : {}),
  };
  let when: Condition | undefined;
  if (input.when) {
    const target = earlier.find((q) => q.id === input.when!.question);
    if (!target)
      problems.push({ path: [...path, "when", "question"], key: "surveys.definition.conditionTarget", vars: { id: input.when.question } });
    else if (!kindOf(target).choice)
      problems.push({ path: [...path, "when", "question"], key: "surveys.definition.conditionKind", vars: { id: target.id } });
    else {
      const raws = Array.isArray(input.when.equals) ? input.when.equals : [input.when.equals];
      const anyOf: string[] = [];
      raws.forEach((raw, i) => {
        const value = resolveConditionValue(target, raw);
        const at = Array.isArray(input.when!.equals) ? [...path, "when", "equals", i] : [...path, "when", "equals"];
        if (value === undefined)
          problems.push({
            path: at,
            key: "surveys.definition.conditionValue",
            vars: {
              value: String(raw),
              id: target.id,
              options: optionsOf(target)
                .map((o) => o.label)
                .join("、"),
            },
          });
        else anyOf.push(value);
      });
      when = { question: target.id, anyOf };
    }
  }
  const common = { ...base, ...(when ? { when } : {}) };
  const tools: NormalizeTools = {
    problem: (field, key, vars) => problems.push({ path: [...path, ...field], key, ...(vars ? { vars } : {}) }),
    options: (inputs, field) => {
      const options = inputs.map(toOption);
      checkUnique(options, [...path, field], problems);
      return options;
    },
  };
  return kindOf(input).normalize(input, common, tools);
}

function toAudience(input: DefinitionInput["audience"]): Audience {
  if (input === "all") return { kind: "all" };
  if ("organ" in input) return { kind: "organ", organ: input.organ };
  return { kind: "bodies", bodies: input.bodies.map(String) };
}

export function normalizeDefinition(
  input: DefinitionInput,
  zone: string,
  now: Date,
): { definition: SurveyDefinition; problems: DefinitionProblem[] } {
  const problems: DefinitionProblem[] = [];
  const questions: Question[] = [];
  input.questions.forEach((q, i) => {
    const question = toQuestion(q, i, questions, problems);
    if (questions.some((other) => other.id === question.id))
      problems.push({ path: ["questions", i, "id"], key: "surveys.definition.duplicateId", vars: { id: question.id } });
    questions.push(question);
  });

  let fiscalYear: number | undefined;
  if (input.fiscalYear !== undefined) {
    fiscalYear = typeof input.fiscalYear === "number" ? input.fiscalYear : parseFiscalYear(input.fiscalYear);
    if (fiscalYear === undefined || fiscalYear < 1900 || fiscalYear > 2200)
      problems.push({ path: ["fiscalYear"], key: "surveys.definition.fiscalYear", vars: { value: String(input.fiscalYear) } });
  }
  const opensAt = input.opensAt === undefined ? undefined : parseDateTime(input.opensAt, zone, START_OF_DAY);
  if (input.opensAt !== undefined && !opensAt)
    problems.push({ path: ["opensAt"], key: "surveys.definition.date", vars: { value: String(input.opensAt) } });
  const dueAt = parseDateTime(input.dueAt, zone, END_OF_DAY);
  if (!dueAt) problems.push({ path: ["dueAt"], key: "surveys.definition.date", vars: { value: String(input.dueAt) } });
  else if (dueAt <= now) problems.push({ path: ["dueAt"], key: "surveys.definition.duePast" });
  else if (opensAt && opensAt >= dueAt) problems.push({ path: ["dueAt"], key: "surveys.definition.dueBeforeOpen" });
  if (input.reminderTime !== undefined && !/^([01]?\d|2[0-3]):[0-5]\d$/.test(input.reminderTime.normalize("NFKC"))) {
    problems.push({ path: ["reminderTime"], key: "surveys.definition.reminderTime", vars: { value: input.reminderTime } });
  }

  const definition: SurveyDefinition = {
    title: input.title,
    ...(input.titleEn ? { titleEn: input.titleEn } : {}),
    description: input.description ?? "",
    ...(input.descriptionEn ? { descriptionEn: input.descriptionEn } : {}),
    ...(input.series ? { series: input.series } : {}),
    ...(fiscalYear !== undefined ? { fiscalYear } : {}),
    audience: toAudience(input.audience),
    ...(opensAt ? { opensAt } : {}),
    dueAt: dueAt ?? new Date(0),
    ...(input.reminders ? { reminderOffsets: input.reminders } : {}),
    ...(input.reminderTime ? { reminderTime: input.reminderTime.normalize("NFKC") } : {}),
    questions,
  };
  return { definition, problems };
}

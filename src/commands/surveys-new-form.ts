// `/kyodo survey new` on Slack and Mattermost: the whole simple survey in one form — title, audience,
// deadline and the questions one a line — instead of a dozen messages. A line is the question, and in
// brackets what kind of answer it wants: 「参加しますか [はい/いいえ]」「人数 [数値]」「開始日 [日付]」
// 「時期 [令和9年度/令和10年度/未定]」 (one choice), 「用途 [複数: 会議/研修]」; no brackets is free text.
// Problems come back under their fields in the still-open form; a valid form goes to the same summary
// and confirmation as the conversation.
import type { Context } from "../engine/context.ts";
import type { Block, Choice, FormField } from "../engine/messages.ts";
import { parseDateTime } from "../domain/calendar/parse-date-time.ts";
import { listOrgans } from "../domain/organs/find-organ.ts";
import { quickKinds } from "../domain/surveys/kinds/index.ts";
import { END_OF_DAY } from "../domain/surveys/normalize-definition.ts";
import type { Audience, Question } from "../domain/surveys/survey-types.ts";
import { normalizeInput } from "../lib/japanese/normalize.ts";

export const NEW_SURVEY_FORM = "survey-new";
const MAX_QUESTIONS = 20;
type FormBlock = Extract<Block, { type: "form" }>;

export interface SurveyFormDraft {
  title: string;
  questions: Question[];
  audience: Audience;
  organName?: string;
  dueAt: string;
  [key: string]: unknown;
}

async function audienceChoices(ctx: Context): Promise<Choice[]> {
  const organs = await listOrgans(ctx.db, ctx.actor!.councilId);
  return [{ label: ctx.t("surveys.new.audienceAll"), value: "all" }, ...organs.map((o) => ({ label: o.name, value: `organ:${o.slug}` }))];
}

export async function newSurveyForm(ctx: Context, errors?: Record<string, string>): Promise<FormBlock> {
  const fields: FormField[] = [
    { id: "title", label: ctx.t("forms.survey.fields.title"), kind: "text", required: true, maxLength: 200 },
    { id: "audience", label: ctx.t("forms.survey.fields.audience"), kind: "select", required: true, options: await audienceChoices(ctx) },
    {
      id: "due",
      label: ctx.t("forms.survey.fields.due"),
      kind: "text",
      required: true,
      maxLength: 40,
      placeholder: ctx.t("forms.survey.dueExample"),
    },
    {
      id: "questions",
      label: ctx.t("forms.survey.fields.questions"),
      kind: "text",
      required: true,
      maxLength: 3000,
      placeholder: ctx.t("forms.survey.questionsExample"),
    },
  ];
  return {
    type: "form",
    formId: NEW_SURVEY_FORM,
    title: ctx.t("forms.survey.formTitle"),
    submitLabel: ctx.t("forms.ballot.preview"),
    fields,
    ...(errors ? { errors } : {}),
  };
}

/** One line as a question, or the i18n key of what is wrong with it. */
export function readQuestionLine(line: string, index: number): Question | { problem: string } {
  const match = line.match(/^(.*?)\s*[[［](.*)[\]］]\s*$/);
  const text = (match ? match[1]! : line).trim();
  if (text.length === 0 || text.length > 500) return { problem: "forms.survey.badQuestionText" };
  const base = { id: `q${index + 1}`, text, required: true };
  const kinds = quickKinds();
  const plain = kinds.find((k) => k.quick.plain);
  if (!match) return plain ? plain.quick.build(base, []) : { problem: "forms.survey.badOptions" };
  const inside = normalizeInput(match[2]!).trim();
  const word = inside.toLowerCase().replace(/\s+/g, "");
  const named = kinds.find((k) => k.quick.words?.includes(word));
  if (named) return named.quick.build(base, []);
  // Options: a kind named by its prefix (「複数: 会議/研修」), else the one without a prefix (「会議/研修」).
  const prefixed = kinds
    .map((k) => ({ kind: k, found: k.quick.optionsPrefix ? inside.match(k.quick.optionsPrefix) : null }))
    .find((p) => p.found);
  const kind = prefixed?.kind ?? kinds.find((k) => k.quick.withOptions && !k.quick.optionsPrefix);
  if (!kind) return { problem: "forms.survey.badOptions" };
  const labels = [
    ...new Set(
      (prefixed ? prefixed.found![1]! : inside)
        .split(/[/／,、，]+/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  if (labels.length < 2 || labels.some((l) => l.length > 100)) return { problem: "forms.survey.badOptions" };
  return kind.quick.build(
    base,
    labels.map((label) => ({ value: label, label })),
  );
}

export type SurveyFormResult = { ok: true; draft: SurveyFormDraft } | { ok: false; errors: Record<string, string> };

export async function readNewSurveyForm(ctx: Context, values: Record<string, string>, zone: string): Promise<SurveyFormResult> {
  const errors: Record<string, string> = {};
  const title = (values.title ?? "").trim();
  if (title.length === 0 || title.length > 200) errors.title = ctx.t("surveys.new.askTitle");
  const choice = (await audienceChoices(ctx)).find((c) => c.value === values.audience);
  if (!choice) errors.audience = ctx.t("surveys.new.pickFromList");
  const dueAt = parseDateTime(values.due ?? "", zone, END_OF_DAY);
  if (!dueAt || dueAt <= ctx.now) errors.due = ctx.t("surveys.new.badDue");
  const lines = (values.questions ?? "")
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const questions: Question[] = [];
  const problems: string[] = [];
  lines.forEach((line, index) => {
    const read = readQuestionLine(line, index);
    if ("problem" in read) problems.push(ctx.t(read.problem, { line: index + 1 }));
    else questions.push(read);
  });
  if (lines.length === 0 || lines.length > MAX_QUESTIONS) problems.push(ctx.t("forms.survey.questionCount", { max: MAX_QUESTIONS }));
  if (problems.length > 0) errors.questions = problems.join(" ");
  if (Object.keys(errors).length > 0 || !choice || !dueAt) return { ok: false, errors };
  const audience: Audience = choice.value === "all" ? { kind: "all" } : { kind: "organ", organ: choice.value.slice("organ:".length) };
  return {
    ok: true,
    draft: { title, questions, audience, ...(audience.kind === "organ" ? { organName: choice.label } : {}), dueAt: dueAt.toISOString() },
  };
}

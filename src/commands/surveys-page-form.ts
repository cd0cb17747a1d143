// On Slack and Mattermost a member answers the questions of one survey page in one form (a modal, a
// dialog) instead of one message per question; elsewhere, and for the kinds a form cannot ask, the
// questions come one at a time as before. The page and how its answers are read live in
// domain/surveys/page-answers.ts, so a form says the same as the chat would.
import type { Context } from "../engine/context.ts";
import type { Block, FormField } from "../engine/messages.ts";
import { pageQuestions, readPage } from "../domain/surveys/page-answers.ts";
import type { Position } from "../domain/surveys/navigation.ts";
import { kindOf } from "../domain/surveys/kinds/index.ts";
import { questionNumber, questionText, type Answers, type Question } from "../domain/surveys/survey-types.ts";
import { opensForms } from "./form-platforms.ts";

export const SURVEY_PAGE_FORM = "survey-page";
type FormBlock = Extract<Block, { type: "form" }>;

function field(ctx: Context, questions: Question[], question: Question): FormField {
  const label = ctx.t("surveys.flow.qLabel", { number: questionNumber(questions, question.id) }) + " " + questionText(question, ctx.locale);
  const base = { id: question.id, label, required: question.required };
  // Only kinds with a `form` reach a page (domain/surveys/page-answers.ts).
  return kindOf(question).form?.field(question, base, ctx) ?? { ...base, kind: "text" };
}

function formOf(ctx: Context, title: string, questions: Question[], page: Question[], errors?: Record<string, string>): FormBlock {
  return {
    type: "form",
    formId: SURVEY_PAGE_FORM,
    title,
    submitLabel: ctx.t("forms.surveyPage.submit"),
    fields: page.map((q) => field(ctx, questions, q)),
    ...(errors ? { errors } : {}),
  };
}

/** The form for the page that starts at the person's position, when the platform opens forms and the
 *  page holds more than one question (a single question is as quick with its buttons). */
export function pageForm(ctx: Context, title: string, questions: Question[], answers: Answers, position: Position): FormBlock | undefined {
  if (!opensForms(ctx) || position.at !== "question" || position.sub > 0) return undefined;
  const page = pageQuestions(questions, answers, position.id);
  return page.length > 1 ? formOf(ctx, title, questions, page) : undefined;
}

export type PageResult = { ok: true; answers: Answers; lastId: string } | { ok: false; form: FormBlock; text: string };

/** Reads a submitted page: the questions are those the form asked (its field ids), still applicable. */
export function readPageForm(
  ctx: Context,
  title: string,
  questions: Question[],
  answers: Answers,
  values: Record<string, string>,
): PageResult | undefined {
  const first = questions.find((q) => q.id in values);
  if (!first) return undefined;
  const page = pageQuestions(questions, answers, first.id).filter((q) => q.id in values);
  if (page.length === 0) return undefined;
  const read = readPage(page, values);
  const problems = Object.entries(read.problems);
  if (problems.length === 0) return { ok: true, answers: { ...answers, ...read.answers }, lastId: page.at(-1)!.id };
  const errors = Object.fromEntries(problems.map(([id, p]) => [id, ctx.t(p.key, p.vars)]));
  const text = problems
    .map(([id, p]) => `${ctx.t("surveys.flow.qLabel", { number: questionNumber(questions, id) })} ${ctx.t(p.key, p.vars)}`)
    .join("\n");
  return { ok: false, form: formOf(ctx, title, questions, page, errors), text };
}

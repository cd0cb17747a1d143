// A page of a survey: the questions from where the person stands that can be answered together in one
// form (a Slack modal, a Mattermost dialog). A page ends before a question whose condition depends on an
// answer on the same page (whether it applies is not known until that answer is given) and before a
// kind a form cannot ask (several choices, rankings, matrices), which stay one at a time.
import { isApplicable } from "./answer-rules.ts";
import { kindOf } from "./kinds/index.ts";
import type { Answers, Question } from "./survey-types.ts";

/** A kind a form can ask has a `form` in its module (./kinds/); the others stay one at a time. */
function asksInForm(question: Question): boolean {
  return kindOf(question).form !== undefined;
}
/** More questions than this make a long scroll in a dialog; the next page follows. */
export const MAX_PAGE_QUESTIONS = 10;

export function pageQuestions(questions: Question[], answers: Answers, startId: string, max = MAX_PAGE_QUESTIONS): Question[] {
  const start = questions.findIndex((q) => q.id === startId);
  if (start < 0) return [];
  const page: Question[] = [];
  for (const question of questions.slice(start)) {
    if (page.length >= max || !asksInForm(question)) break;
    if (question.when && page.some((q) => q.id === question.when!.question)) break;
    if (!isApplicable(questions, question, answers)) continue;
    page.push(question);
  }
  return page;
}

export interface PageProblem {
  key: string;
  vars?: Record<string, unknown>;
}

/** Reads a page's answers as typed or chosen in a form; problems by question id, in the chat's words. */
export function readPage(page: Question[], values: Record<string, string>): { answers: Answers; problems: Record<string, PageProblem> } {
  const answers: Answers = {};
  const problems: Record<string, PageProblem> = {};
  for (const question of page) {
    const raw = (values[question.id] ?? "").trim();
    if (raw === "") {
      if (question.required) problems[question.id] = { key: "surveys.answer.required" };
      else answers[question.id] = null;
      continue;
    }
    const read = kindOf(question).form?.read(question, raw) ?? { ok: false as const, key: "surveys.flow.notUnderstood" };
    if (read.ok) answers[question.id] = read.value;
    else problems[question.id] = { key: read.key, ...(read.vars ? { vars: read.vars } : {}) };
  }
  return { answers, problems };
}

// The rules an answer set must meet: which questions apply (conditions), whether a question has been
// answered, whether a stored answer is valid for its question, and what is still missing. The chat
// flow, the submission and the prefill from last year all go through these, so they cannot disagree.
import { kindOf } from "./kinds/index.ts";
import type { Problem } from "./kinds/kind.ts";
import { isStringArray } from "./kinds/shared.ts";
import type { Answers, AnswerValue, Question } from "./survey-types.ts";

/** A question applies unless its condition's question was answered otherwise (or does not apply itself). */
export function isApplicable(questions: Question[], question: Question, answers: Answers): boolean {
  if (!question.when) return true;
  const target = questions.find((q) => q.id === question.when!.question);
  if (!target || !isApplicable(questions, target, answers)) return false;
  const value = answers[target.id];
  if (typeof value === "string") return question.when.anyOf.includes(value);
  if (isStringArray(value)) return value.some((v) => question.when!.anyOf.includes(v));
  return false;
}

export function applicableQuestions(questions: Question[], answers: Answers): Question[] {
  return questions.filter((q) => isApplicable(questions, q, answers));
}

/** Why a value does not fit its question (an i18n key with values), or undefined when it fits. */
export function answerProblem(question: Question, value: AnswerValue): Problem | undefined {
  if (value === null) return question.required ? { key: "surveys.answer.required" } : undefined;
  return kindOf(question).problem(question, value);
}

/** Answered: a valid value, or a skip (null) of an optional question. */
export function isAnswered(question: Question, answers: Answers): boolean {
  if (!(question.id in answers)) return false;
  return answerProblem(question, answers[question.id]!) === undefined;
}

/** The applicable questions not yet answered, in order. */
export function unansweredQuestions(questions: Question[], answers: Answers): Question[] {
  return applicableQuestions(questions, answers).filter((q) => !isAnswered(q, answers));
}

/**
 * Only the answers that count: valid answers to applicable questions. Used for what is submitted (an
 * answer to a question that no longer applies is dropped) and for prefill (last year's answer to a
 * question that changed is not carried over).
 */
export function cleanAnswers(questions: Question[], answers: Answers): Answers {
  const kept: Answers = {};
  for (const question of questions) {
    if (question.id in answers && answerProblem(question, answers[question.id]!) === undefined) kept[question.id] = answers[question.id]!;
  }
  // Conditions are judged on what was kept, in order, so a dropped answer also drops what depended on it.
  const out: Answers = {};
  for (const question of questions)
    if (question.id in kept && isApplicable(questions, question, kept)) out[question.id] = kept[question.id]!;
  return out;
}

// The rules an answer set must meet: which questions apply (conditions), whether a question has been
// answered, whether a stored answer is valid for its question, and what is still missing. The chat
// flow, the submission and the prefill from last year all go through these, so they cannot disagree.
import { minRankedOf, optionsOf, type Answers, type AnswerValue, type Question } from "./survey-types.ts";

const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string");

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
export function answerProblem(question: Question, value: AnswerValue): { key: string; vars?: Record<string, unknown> } | undefined {
  if (value === null) return question.required ? { key: "surveys.answer.required" } : undefined;
  const values = new Set(optionsOf(question).map((o) => o.value));
  switch (question.kind) {
    case "single":
    case "yesno":
      return typeof value === "string" && values.has(value) ? undefined : { key: "surveys.answer.notAnOption" };
    case "multi": {
      if (!isStringArray(value) || value.some((v) => !values.has(v)) || new Set(value).size !== value.length)
        return { key: "surveys.answer.notAnOption" };
      const min = Math.max(question.required ? 1 : 0, question.minSelect ?? 0);
      if (value.length < min) return { key: "surveys.answer.tooFew", vars: { min } };
      if (question.maxSelect !== undefined && value.length > question.maxSelect)
        return { key: "surveys.answer.tooMany", vars: { max: question.maxSelect } };
      return undefined;
    }
    case "number":
      if (typeof value !== "number" || !Number.isFinite(value)) return { key: "surveys.answer.notANumber" };
      if (question.integer && !Number.isInteger(value)) return { key: "surveys.answer.notInteger" };
      if (question.min !== undefined && value < question.min) return { key: "surveys.answer.belowMin", vars: { min: question.min } };
      if (question.max !== undefined && value > question.max) return { key: "surveys.answer.aboveMax", vars: { max: question.max } };
      return undefined;
    case "text":
      if (typeof value !== "string" || value.trim().length === 0) return { key: "surveys.answer.emptyText" };
      return [...value].length > question.maxLength
        ? { key: "surveys.answer.tooLong", vars: { max: question.maxLength, length: [...value].length } }
        : undefined;
    case "date":
      return typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) ? undefined : { key: "surveys.answer.notADate" };
    case "ranking":
      if (!isStringArray(value) || value.some((v) => !values.has(v)) || new Set(value).size !== value.length)
        return { key: "surveys.answer.notAnOption" };
      return rankCountProblem(question, value.length);
    case "matrix": {
      if (typeof value !== "object" || Array.isArray(value)) return { key: "surveys.answer.notAnOption" };
      const record = value as Record<string, unknown>;
      const optionValues = new Set(question.options.map((o) => o.value));
      for (const row of question.rows) {
        const picked = record[row.value];
        if (!isStringArray(picked) || picked.some((v) => !optionValues.has(v)))
          return { key: "surveys.answer.matrixRow", vars: { row: row.label } };
      }
      return Object.keys(record).every((k) => question.rows.some((r) => r.value === k)) ? undefined : { key: "surveys.answer.notAnOption" };
    }
  }
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

/** A ranking of `count` ranks: within the question's bounds, or the problem to tell the person. */
export function rankCountProblem(
  question: { top: number; minRanked?: number },
  count: number,
): { key: string; vars?: Record<string, unknown> } | undefined {
  const min = minRankedOf(question);
  if (count >= min && count <= question.top) return undefined;
  return min === question.top
    ? { key: "surveys.answer.rankAll", vars: { top: question.top } }
    : { key: "surveys.answer.rankBetween", vars: { min, top: question.top } };
}

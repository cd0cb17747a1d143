// Results per question from the bodies' current answers: counts and percentages of choices, ranking
// point totals (1st = 2, 2nd = 1 by default) with ties stated, sums of numbers, and free text by body.
// Pure, so the chat, the CLI and the exports show the same numbers. Percentages are of the bodies
// that answered that question (those to whom it applied and who did not skip it). What a kind counts
// is its module's `tally` (./kinds/).
import { isApplicable } from "./answer-rules.ts";
import { kindOf, type QuestionTally } from "./kinds/index.ts";
import type { Answers, Question } from "./survey-types.ts";

export type { QuestionTally };
export type { RankedOption } from "./kinds/ranking.ts";

export interface BodyAnswers {
  bodyId: string;
  bodyName: string;
  answers: Answers;
}

export function tallyQuestion(questions: Question[], question: Question, bodies: BodyAnswers[]): QuestionTally {
  const applying = bodies.filter((b) => isApplicable(questions, question, b.answers));
  const answered = applying.flatMap((b) => {
    const value = b.answers[question.id];
    return value === undefined || value === null ? [] : [{ bodyId: b.bodyId, bodyName: b.bodyName, value }];
  });
  const base = {
    question,
    answered: answered.length,
    skipped: applying.length - answered.length,
    notApplicable: bodies.length - applying.length,
  };
  return { ...base, ...kindOf(question).tally(question, answered) };
}

export function tallySurvey(questions: Question[], bodies: BodyAnswers[]): QuestionTally[] {
  return questions.map((q) => tallyQuestion(questions, q, bodies));
}

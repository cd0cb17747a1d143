// Where a person is in a survey, and where they go next. After answering, they move to the next
// question that applies and is still unanswered — so after going back to change one answer, or after
// last year's answers were prefilled, they are not walked through everything again — and to the
// summary when nothing is left. Going back always steps to the previous applicable question.
import { applicableQuestions, isAnswered } from "./answer-rules.ts";
import { kindOf } from "./kinds/index.ts";
import type { QuestionPosition } from "./kinds/kind.ts";
import type { Answers, Question } from "./survey-types.ts";

/**
 * A question (with `sub`: the matrix row, or the rank being chosen; `pending`: options ticked so far in
 * a multiple-choice or matrix row, not yet confirmed), the summary, or the list of answers to edit.
 */
export type Position = QuestionPosition | { at: "summary" } | { at: "edit" };

/** Entering a question going forward: resume a half-made ranking or matrix where it stopped. */
export function enter(question: Question, answers: Answers): Position {
  return kindOf(question).enter?.(question, answers) ?? { at: "question", id: question.id, sub: 0 };
}

/** Entering a question going back: the last row of a matrix, the first rank of a ranking. */
function enterBackwards(question: Question, answers: Answers): Position {
  return kindOf(question).enterBackwards?.(question, answers) ?? enter(question, answers);
}

/** The first applicable unanswered question, or the summary when all are answered. */
export function firstPosition(questions: Question[], answers: Answers): Position {
  const next = applicableQuestions(questions, answers).find((q) => !isAnswered(q, answers));
  return next ? enter(next, answers) : { at: "summary" };
}

/** After a question is answered: the next applicable unanswered question after it, else the summary. */
export function nextPosition(questions: Question[], answers: Answers, afterId: string): Position {
  const index = questions.findIndex((q) => q.id === afterId);
  const applicable = applicableQuestions(questions, answers);
  const next = applicable.find((q) => questions.indexOf(q) > index && !isAnswered(q, answers));
  if (next) return enter(next, answers);
  // Something earlier may still be missing (a question that became applicable after a change).
  return firstPosition(questions, answers);
}

/** One step back; undefined when already at the first question. */
export function previousPosition(questions: Question[], answers: Answers, position: Position): Position | undefined {
  const applicable = applicableQuestions(questions, answers);
  if (position.at !== "question") {
    const last = applicable.at(-1);
    return last ? enterBackwards(last, answers) : undefined;
  }
  const question = questions.find((q) => q.id === position.id);
  if (question && position.sub > 0)
    return kindOf(question).stepBack?.(question, answers, position) ?? { at: "question", id: position.id, sub: position.sub - 1 };
  const index = questions.findIndex((q) => q.id === position.id);
  const previous = applicable.filter((q) => questions.indexOf(q) < index).at(-1);
  return previous ? enterBackwards(previous, answers) : undefined;
}

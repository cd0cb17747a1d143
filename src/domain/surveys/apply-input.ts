// One step of answering: what a button press or a typed line means at the question the person is on.
// The buttons a question offers are decided here too, so that typing 「2」 means exactly what pressing
// the second button means — on every platform, as on the console where numbers press buttons.
// Free-input questions (number, text, date) offer no buttons: a typed 「1」 there is the answer. What a
// button, a word or a list means for one kind is that kind's module (./kinds/); here is what all share.
import { isAnswered } from "./answer-rules.ts";
import { kindOf } from "./kinds/index.ts";
import type { ChoiceSpec, Outcome, QuestionPosition } from "./kinds/kind.ts";
import { navAction, optionAction, parseAction } from "./kinds/shared.ts";
import { navWord, type NavWord } from "./read-answer.ts";
import type { Answers, Question } from "./survey-types.ts";

export type { ChoiceSpec, Outcome };
export { navAction, optionAction };

export type StepInput = { kind: "action"; value: string } | { kind: "text"; text: string };

export function questionChoices(question: Question, position: QuestionPosition, answers: Answers): ChoiceSpec[] {
  return kindOf(question).choices?.(question, position, answers, isAnswered(question, answers)) ?? [];
}

function navigate(question: Question, position: QuestionPosition, answers: Answers, nav: NavWord): Outcome | undefined {
  if (nav === "back") return { type: "back" };
  if (nav !== "keep" && nav !== "skip" && nav !== "done") return undefined;
  const own = kindOf(question).navigate?.(question, position, answers, nav);
  if (own) return own;
  switch (nav) {
    case "keep":
      return isAnswered(question, answers) ? { type: "keep" } : { type: "problem", key: "surveys.flow.nothingToKeep" };
    case "skip":
      return question.required ? { type: "problem", key: "surveys.answer.required" } : { type: "answer", value: null };
    case "done":
      return undefined;
  }
}

function pressOption(question: Question, position: QuestionPosition, answers: Answers, value: string): Outcome {
  const kind = kindOf(question);
  if (!(kind.options?.(question) ?? []).some((o) => o.value === value)) return { type: "problem", key: "surveys.answer.notAnOption" };
  return kind.press ? kind.press(question, position, answers, value) : { type: "answer", value };
}

export function applyQuestionInput(question: Question, position: QuestionPosition, answers: Answers, input: StepInput): Outcome {
  const choices = questionChoices(question, position, answers);
  if (input.kind === "action") {
    const action = parseAction(input.value);
    if (!action || action.id !== position.id || action.sub !== position.sub) return { type: "stale" };
    if (action.verb === "n") return navigate(question, position, answers, action.rest as NavWord) ?? { type: "stale" };
    return pressOption(question, position, answers, action.rest);
  }
  const text = input.text;
  const nav = navWord(text);
  const kind = kindOf(question);
  // In free text, only the words that steer are taken as such (「OK」 may well be someone's answer).
  if (nav && (!kind.literalText || nav === "back" || nav === "skip" || nav === "keep")) {
    const outcome = navigate(question, position, answers, nav);
    if (outcome) return outcome;
  }
  const typed = text.normalize("NFKC").trim();
  if (choices.length > 0 && /^\d+$/.test(typed)) {
    const n = Number(typed);
    if (n >= 1 && n <= choices.length)
      return applyQuestionInput(question, position, answers, { kind: "action", value: choices[n - 1]!.action });
    // Out of range: it may still be an option's name (「2027」), read below like any other word.
  }
  return kind.readTyped(question, position, answers, text);
}

// One step of answering: what a button press or a typed line means at the question the person is on.
// The buttons a question offers are decided here too, so that typing 「2」 means exactly what pressing
// the second button means — on every platform, as on the console where numbers press buttons.
// Free-input questions (number, text, date) offer no buttons: a typed 「1」 there is the answer.
import { answerProblem, isAnswered, rankCountProblem } from "./answer-rules.ts";
import type { Position } from "./navigation.ts";
import {
  looksLikeList,
  matchOption,
  navWord,
  readDate,
  readList,
  readNumber,
  readText,
  readYesNo,
  type NavWord,
  type Read,
} from "./read-answer.ts";
import { optionsOf, type Answers, type AnswerValue, type Question, type SurveyOption } from "./survey-types.ts";
import { unknownKind } from "./unknown-kind.ts";

export type StepInput = { kind: "action"; value: string } | { kind: "text"; text: string };
type QuestionPosition = Extract<Position, { at: "question" }>;
type Nav = "back" | "keep" | "skip" | "done";

/** A button: an option (checked: ticked in a multiple choice; current: the answer given so far) or a step. */
export type ChoiceSpec = { action: string } & ({ option: SurveyOption; checked?: boolean; current?: boolean } | { nav: Nav });

export type Outcome =
  | { type: "answer"; value: AnswerValue }
  | { type: "partial"; position: QuestionPosition; answers: Answers }
  | { type: "back" }
  | { type: "keep" }
  | { type: "stale" }
  | { type: "problem"; key: string; vars?: Record<string, unknown> };

const SEP = "|";

/** Button values carry the question and step they belong to, so a button from an older message is recognised. */
export function optionAction(position: QuestionPosition, value: string): string {
  return ["o", position.id, position.sub, value].join(SEP);
}
export function navAction(position: QuestionPosition, nav: Nav): string {
  return ["n", position.id, position.sub, nav].join(SEP);
}

function parseAction(value: string): { verb: "o" | "n"; id: string; sub: number; rest: string } | undefined {
  const [verb, id, sub, ...rest] = value.split(SEP);
  if ((verb !== "o" && verb !== "n") || !id || sub === undefined || rest.length === 0) return undefined;
  return { verb, id, sub: Number(sub), rest: rest.join(SEP) };
}

function rankedSoFar(question: Question, answers: Answers, sub: number): string[] {
  const value = answers[question.id];
  return Array.isArray(value) ? value.slice(0, sub) : [];
}

export function questionChoices(question: Question, position: QuestionPosition, answers: Answers): ChoiceSpec[] {
  const nav = (n: Nav): ChoiceSpec => ({ action: navAction(position, n), nav: n });
  const answered = isAnswered(question, answers);
  const current = answers[question.id];
  const optional = !question.required;
  switch (question.kind) {
    case "single":
    case "yesno":
      return [
        ...optionsOf(question).map((option) => ({
          action: optionAction(position, option.value),
          option,
          current: current === option.value,
        })),
        ...(answered ? [nav("keep")] : []),
        ...(optional ? [nav("skip")] : []),
        nav("back"),
      ];
    case "multi":
    case "matrix": {
      const pending = position.pending ?? [];
      return [
        ...question.options.map((option) => ({
          action: optionAction(position, option.value),
          option,
          checked: pending.includes(option.value),
        })),
        nav("done"),
        nav("back"),
      ];
    }
    case "ranking": {
      const taken = rankedSoFar(question, answers, position.sub);
      return [
        ...question.options
          .filter((o) => !taken.includes(o.value))
          .map((option) => ({ action: optionAction(position, option.value), option })),
        ...(position.sub === 0 && answered ? [nav("keep")] : []),
        ...(position.sub === 0 && optional ? [nav("skip")] : []),
        nav("back"),
      ];
    }
    case "number":
    case "text":
    case "date":
      return [];
    default:
      return unknownKind(question);
  }
}

function fromRead<T extends AnswerValue>(read: Read<T>): Outcome {
  return read.ok ? { type: "answer", value: read.value } : { type: "problem", key: read.key, vars: read.vars };
}

function toggle(question: Question, position: QuestionPosition, answers: Answers, value: string): Outcome {
  const pending = position.pending ?? [];
  const next = pending.includes(value) ? pending.filter((v) => v !== value) : [...pending, value];
  if (question.kind === "multi" && question.maxSelect !== undefined && next.length > question.maxSelect)
    return { type: "problem", key: "surveys.answer.tooMany", vars: { max: question.maxSelect } };
  // Keep the definition's order, whatever order the boxes were ticked in.
  const ordered = optionsOf(question)
    .map((o) => o.value)
    .filter((v) => next.includes(v));
  return { type: "partial", position: { ...position, pending: ordered }, answers };
}

/** A matrix row is settled: move to the next row, or finish the question after the last. */
function settleRow(
  question: Extract<Question, { kind: "matrix" }>,
  position: QuestionPosition,
  answers: Answers,
  picked: string[],
): Outcome {
  const prior = answers[question.id];
  const record = {
    ...(prior && typeof prior === "object" && !Array.isArray(prior) ? prior : {}),
    [question.rows[position.sub]!.value]: picked,
  };
  if (position.sub + 1 >= question.rows.length) return { type: "answer", value: record };
  const sub = position.sub + 1;
  return {
    type: "partial",
    position: { at: "question", id: question.id, sub, pending: record[question.rows[sub]!.value] ?? [] },
    answers: { ...answers, [question.id]: record },
  };
}

function pickRank(question: Extract<Question, { kind: "ranking" }>, position: QuestionPosition, answers: Answers, value: string): Outcome {
  const taken = rankedSoFar(question, answers, position.sub);
  if (taken.includes(value)) return { type: "problem", key: "surveys.answer.alreadyRanked" };
  const ranking = [...taken, value];
  if (ranking.length >= question.top) return { type: "answer", value: ranking };
  return {
    type: "partial",
    position: { at: "question", id: question.id, sub: position.sub + 1 },
    answers: { ...answers, [question.id]: ranking },
  };
}

/** The ranks chosen so far as the answer, when the question accepts a ranking that stops here. */
function stopRanking(question: Extract<Question, { kind: "ranking" }>, position: QuestionPosition, answers: Answers): Outcome | undefined {
  return position.sub > 0 && !rankCountProblem(question, position.sub)
    ? { type: "answer", value: rankedSoFar(question, answers, position.sub) }
    : undefined;
}

function navigate(question: Question, position: QuestionPosition, answers: Answers, nav: NavWord): Outcome | undefined {
  switch (nav) {
    case "back":
      return { type: "back" };
    case "keep":
      return isAnswered(question, answers) && (question.kind !== "ranking" || position.sub === 0)
        ? { type: "keep" }
        : { type: "problem", key: "surveys.flow.nothingToKeep" };
    case "skip":
      // Halfway through a ranking that accepts fewer ranks, stopping keeps what was ranked.
      if (question.kind === "ranking" && position.sub > 0)
        return stopRanking(question, position, answers) ?? { type: "problem", key: "surveys.flow.cannotSkipHere" };
      if (question.required) return { type: "problem", key: "surveys.answer.required" };
      return { type: "answer", value: null };
    case "done": {
      if (question.kind === "ranking")
        return stopRanking(question, position, answers) ?? { type: "problem", ...rankCountProblem(question, position.sub)! };
      if (question.kind === "matrix") return settleRow(question, position, answers, position.pending ?? []);
      if (question.kind !== "multi") return undefined;
      const problem = answerProblem(question, position.pending ?? []);
      return problem ? { type: "problem", ...problem } : { type: "answer", value: position.pending ?? [] };
    }
    default:
      return undefined;
  }
}

function pressOption(question: Question, position: QuestionPosition, answers: Answers, value: string): Outcome {
  if (!optionsOf(question).some((o) => o.value === value)) return { type: "problem", key: "surveys.answer.notAnOption" };
  if (question.kind === "multi" || question.kind === "matrix") return toggle(question, position, answers, value);
  if (question.kind === "ranking") return pickRank(question, position, answers, value);
  return { type: "answer", value };
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
  // In free text, only the words that steer are taken as such (「OK」 may well be someone's answer).
  if (nav && (question.kind !== "text" || nav === "back" || nav === "skip" || nav === "keep")) {
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
  switch (question.kind) {
    case "single":
      return fromRead(matchOption(question.options, text));
    case "yesno":
      return fromRead(readYesNo(text));
    case "multi": {
      const read = readList(question.options, text);
      if (!read.ok) return { type: "problem", key: read.key, vars: read.vars };
      const problem = answerProblem(question, read.value);
      return problem ? { type: "problem", ...problem } : { type: "answer", value: read.value };
    }
    case "matrix": {
      const read = readList(question.options, text);
      return read.ok ? settleRow(question, position, answers, read.value) : { type: "problem", key: read.key, vars: read.vars };
    }
    case "ranking": {
      if (position.sub === 0 && looksLikeList(text)) {
        const read = readList(question.options, text);
        if (!read.ok) return { type: "problem", key: read.key, vars: read.vars };
        const problem = rankCountProblem(question, read.value.length);
        return problem ? { type: "problem", ...problem } : { type: "answer", value: read.value };
      }
      const remaining = question.options.filter((o) => !rankedSoFar(question, answers, position.sub).includes(o.value));
      const read = matchOption(remaining, text);
      return read.ok ? pickRank(question, position, answers, read.value) : { type: "problem", key: read.key, vars: read.vars };
    }
    case "number":
      return fromRead(readNumber(question, text));
    case "text":
      return fromRead(readText(question, text));
    case "date":
      return fromRead(readDate(text));
  }
}

// The registry of question kinds. Each kind is one module beside this file (its definition schema, reading,
// rules, formatting, tally, export and presentation); the survey code asks `kindOf(question)` instead of
// switching on `kind`. To add a kind: write `kinds/<kind>.ts` and list it below (its question type in
// `Question`, its module in BUILT_IN_KINDS); tests may `registerKind` a kind of their own.
import type { z } from "zod";
import type { KindModule, TallyBase } from "./kind.ts";
import { date, type DateQuestion, type DateTally } from "./date.ts";
import { matrix, type MatrixQuestion, type MatrixTally } from "./matrix.ts";
import { multi, type MultiQuestion } from "./multi.ts";
import { number, type NumberQuestion, type NumberTally } from "./number.ts";
import { ranking, type RankingQuestion, type RankingTally } from "./ranking.ts";
import type { ChoiceTally } from "./shared.ts";
import { single, type SingleQuestion } from "./single.ts";
import { text, type TextQuestion, type TextTally } from "./text.ts";
import { yesno, type YesNoQuestion } from "./yesno.ts";

/** A question of any built-in kind, as stored in Survey.questions. */
export type Question =
  SingleQuestion | MultiQuestion | YesNoQuestion | NumberQuestion | TextQuestion | DateQuestion | RankingQuestion | MatrixQuestion;

/** The results of one question: what every kind counts, and its own figures (`type`). */
export type QuestionTally = TallyBase<Question> & (ChoiceTally | NumberTally | DateTally | TextTally | RankingTally | MatrixTally);

/** A kind as the sites see it: any question, any tally (each module is typed for its own). */
export type AnyKind = KindModule<Question, z.ZodRawShape, QuestionTally>;

// Order matters only for the "unknown kind" message, which lists them.
const BUILT_IN_KINDS = [single, multi, yesno, number, text, date, ranking, matrix] as const;

const registry = new Map<string, AnyKind>();
const listeners = new Set<() => void>();

function add(module: AnyKind): void {
  registry.set(module.kind, module);
  for (const listener of listeners) listener();
}

for (const module of BUILT_IN_KINDS) add(module as unknown as AnyKind);

/**
 * Adds a kind at run time (a test's throw-away kind, a council's own). Its questions are typed as `Question` by
 * the sites; the module itself is typed for its own question. Replaces a kind of the same name.
 */
export function registerKind<Q extends { kind: string }, F extends z.ZodRawShape, T extends { type: string }>(
  module: KindModule<Q, F, T>,
): void {
  add(module as unknown as AnyKind);
}

/** Removes a kind added with `registerKind` (a test cleaning up); built-in kinds stay. */
export function unregisterKind(name: string): void {
  if (BUILT_IN_KINDS.some((k) => k.kind === name)) return;
  registry.delete(name);
  for (const listener of listeners) listener();
}

/** Called whenever the list of kinds changes (the definition schema is rebuilt from it). */
export function onKindsChanged(listener: () => void): void {
  listeners.add(listener);
}

export function kindNames(): string[] {
  return [...registry.keys()];
}

export function allKinds(): AnyKind[] {
  return [...registry.values()];
}

/** The kinds offered when a survey is built in chat or in one form, in the order the chat lists them. */
export function quickKinds(): Array<AnyKind & { quick: NonNullable<AnyKind["quick"]> }> {
  return allKinds()
    .filter((k): k is AnyKind & { quick: NonNullable<AnyKind["quick"]> } => k.quick !== undefined)
    .sort((a, b) => a.quick.order - b.quick.order);
}

/** The module of a question's kind; a stored question of a kind this build does not know is a clear error. */
export function kindOf(question: { kind: string }): AnyKind {
  const module = registry.get(question.kind);
  if (!module) throw new Error(`unknown question kind: ${JSON.stringify(question.kind)}`);
  return module;
}

/** The options a person chooses among, for the kinds that have them. */
export function optionsOf(question: Question): Array<{ value: string; label: string; labelEn?: string }> {
  return kindOf(question).options?.(question) ?? [];
}

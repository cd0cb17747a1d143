// The shape of a survey once validated: what the chat flow, the tallies and the exports read. Stored as
// JSON in Survey.questions, so the questions a body answered are exactly the ones it was shown.

import type { Question } from "./kinds/index.ts";

export type { Question };
type QuestionKind = Question["kind"];

export interface SurveyOption {
  /** stable value stored in answers (and matched when last year's answers prefill this year's) */
  value: string;
  label: string;
  labelEn?: string;
}

/** Ask this question only when an earlier choice question was answered with one of these values. */
export interface Condition {
  question: string;
  anyOf: string[];
}

/** What every question has, whatever its kind; each kind (src/domain/surveys/kinds/) adds its own fields. */
export interface QuestionBase {
  id: string;
  text: string;
  textEn?: string;
  /** short heading for export columns */
  short?: string;
  help?: string;
  helpEn?: string;
  required: boolean;
  when?: Condition;
  /** the cost share whose "what would we pay if we joined" is shown beside this question (the join question) */
  costEstimate?: { share: number };
}

export type QuestionOf<K extends QuestionKind> = Extract<Question, { kind: K }>;

/**
 * One answer: an option value (single, yes/no as "yes"/"no"), option values (multi; ranking in rank
 * order), a number, text, an ISO date (YYYY-MM-DD), per matrix row the option values wanted, or null
 * for an optional question the person skipped.
 */
export type AnswerValue = string | number | string[] | Record<string, string[]> | null;
export type Answers = Record<string, AnswerValue>;

export type Audience = { kind: "all" } | { kind: "bodies"; bodies: string[] } | { kind: "organ"; organ: string };

/** A validated definition, before the audience is resolved to bodies. */
export interface SurveyDefinition {
  title: string;
  titleEn?: string;
  description: string;
  descriptionEn?: string;
  series?: string;
  fiscalYear?: number;
  audience: Audience;
  opensAt?: Date;
  dueAt: Date;
  reminderOffsets?: number[];
  reminderTime?: string;
  questions: Question[];
}

export const YES_NO_OPTIONS: SurveyOption[] = [
  { value: "yes", label: "はい", labelEn: "Yes" },
  { value: "no", label: "いいえ", labelEn: "No" },
];

export function pick(ja: string, en: string | undefined, locale: "ja" | "en"): string {
  return locale === "en" && en ? en : ja;
}

export function optionLabel(option: SurveyOption, locale: "ja" | "en"): string {
  return pick(option.label, option.labelEn, locale);
}

export function questionText(question: Question, locale: "ja" | "en"): string {
  return pick(question.text, question.textEn, locale);
}

/** 問3 / Q3: numbers follow the definition's order, so they match the export's columns. */
export function questionNumber(questions: Question[], id: string): number {
  return questions.findIndex((q) => q.id === id) + 1;
}

/** How many ranks a ranking answer must give at least. */
export function minRankedOf(question: { top: number; minRanked?: number }): number {
  return Math.min(question.minRanked ?? question.top, question.top);
}

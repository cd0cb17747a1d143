// What a survey question kind is, as data: everything the rest of the house needs to know about one kind
// (how it is written in a definition file, read from typed words and buttons, checked, shown, counted,
// exported and presented) in one object. A kind lives in one module beside this file and is listed in
// ./index.ts; the flow, the tallies, the exports and the chat ask the registry instead of switching on
// `kind`, so adding a kind touches that module and the list, nothing else.
import type { z } from "zod";
import type { Block, FormField } from "../../../engine/messages.ts";
import type { Read } from "../read-answer.ts";
import type { Answers, AnswerValue, QuestionBase, SurveyOption } from "../survey-types.ts";

export type Locale = "ja" | "en";
export type Problem = { key: string; vars?: Record<string, unknown> };
export type IssuePath = Array<string | number>;

/** Where a person is inside a question: `sub` is the matrix row or the rank being chosen; `pending` the boxes ticked. */
export type QuestionPosition = { at: "question"; id: string; sub: number; pending?: string[] };

export type Nav = "back" | "keep" | "skip" | "done";

/** A button: an option (checked: ticked in a multiple choice; current: the answer given so far) or a step. */
export type ChoiceSpec = { action: string } & ({ option: SurveyOption; checked?: boolean; current?: boolean } | { nav: Nav });

export type Outcome =
  | { type: "answer"; value: AnswerValue }
  | { type: "partial"; position: QuestionPosition; answers: Answers }
  | { type: "back" }
  | { type: "keep" }
  | { type: "stale" }
  | { type: "problem"; key: string; vars?: Record<string, unknown> };

/** The fields every question has, resolved from the definition (id, wording, required, condition…). */
export type QuestionCommon = QuestionBase;

/** What normalizing a definition offers a kind: its options read and checked, and a place to report problems. */
export interface NormalizeTools {
  /** report a problem at a field of this question (`["maxSelect"]`) */
  problem(field: IssuePath, key: string, vars?: Record<string, unknown>): void;
  /** options as written (`- 参加する` or `{ value, label }`), with duplicate values reported under `field` */
  options(
    inputs: ReadonlyArray<string | number | { value?: string | number; label: string; labelEn?: string }>,
    field: string,
  ): SurveyOption[];
}

/** How the engine's messages put things in the reader's language. */
export interface Presenter {
  t(key: string, vars?: Record<string, unknown>): string;
  locale: Locale;
}

export type Cell = string | number;

/** Counts common to every kind's tally: who answered, skipped, or was not asked this question. */
export interface TallyBase<Q = QuestionCommon & { kind: string }> {
  question: Q;
  /** bodies with an answer to this question */
  answered: number;
  /** bodies that answered the survey but skipped this optional question */
  skipped: number;
  /** bodies that answered the survey but to whom this question did not apply */
  notApplicable: number;
}

export interface AnsweredBy {
  bodyId: string;
  bodyName: string;
  value: Exclude<AnswerValue, null>;
}

export interface KindModule<
  Q extends { kind: string },
  F extends z.ZodRawShape = z.ZodRawShape,
  T extends { type: string } = { type: string },
> {
  kind: Q["kind"];

  // ── definition ──
  /** the definition file's fields beyond the common ones (id, text, required, when …), as a zod shape */
  fields: F;
  /** the stored question from the checked input, with what zod cannot see reported through `tools` */
  normalize(input: z.output<z.ZodObject<F>>, common: QuestionCommon, tools: NormalizeTools): Q;
  /** options the person chooses among; a later question may be conditional on them when `choice` is set */
  options?(question: Q): SurveyOption[];
  /** a later question's `when:` may point at this kind */
  choice?: boolean;
  /** `equals: true / false` in a condition on this kind */
  conditionBoolean?(value: boolean): string | undefined;

  // ── answering ──
  /** why a (non-null) value does not fit the question, or undefined when it fits */
  problem(question: Q, value: Exclude<AnswerValue, null>): Problem | undefined;
  /** entering the question going forward (resume a half-made answer); default: its start */
  enter?(question: Q, answers: Answers): QuestionPosition;
  /** entering it going back (the last row of a matrix); default: as `enter` */
  enterBackwards?(question: Q, answers: Answers): QuestionPosition;
  /** one step back inside the question (position.sub > 0); default: sub − 1 */
  stepBack?(question: Q, answers: Answers, position: QuestionPosition): QuestionPosition;
  /** the buttons (none for free input: then a typed 「1」 is the answer) */
  choices?(question: Q, position: QuestionPosition, answers: Answers, answered: boolean): ChoiceSpec[];
  /** an option button pressed (its value is one of `options`); default: that value is the answer */
  press?(question: Q, position: QuestionPosition, answers: Answers, value: string): Outcome;
  /** keep / skip / done as this kind means them; undefined leaves the common meaning */
  navigate?(question: Q, position: QuestionPosition, answers: Answers, nav: "keep" | "skip" | "done"): Outcome | undefined;
  /** free text where 「OK」「次へ」 may be an answer: only back / skip / keep steer */
  literalText?: boolean;
  /** a typed line that is not a button number nor a steering word */
  readTyped(question: Q, position: QuestionPosition, answers: Answers, text: string): Outcome;
  /** asked in a form (a Slack modal, a Mattermost dialog) with other questions; absent: one at a time */
  form?: {
    field(question: Q, base: { id: string; label: string; required: boolean }, p: Presenter): FormField;
    read(question: Q, raw: string): Read<AnswerValue>;
  };

  /** an answer typed into one spreadsheet cell (answers returned on paper); absent: it does not fit one cell */
  cell?(question: Q, raw: string): Read<AnswerValue>;
  /** offered when a survey is built in chat or in one form (`/kyodo survey new`); absent: definition files only */
  quick?: {
    /** its place in the chat's list of kinds (labelled surveys.new.kinds.<kind>) */
    order: number;
    /** the words that name it in brackets on a form line (「人数 [数値]」), compared without case and spaces */
    words?: string[];
    /** it asks for options (typed after the wording in chat, in the brackets on a form line) */
    withOptions?: boolean;
    /** a form line names it by this prefix before its options (「[複数: 会議/研修]」); options without one pick the kind without a prefix */
    optionsPrefix?: RegExp;
    /** a form line without brackets asks this kind */
    plain?: boolean;
    build(common: QuestionCommon, options: SurveyOption[]): Q;
  };

  // ── showing, counting, exporting ──
  /** a (non-null) answer as people read it */
  format(question: Q, value: Exclude<AnswerValue, null>, locale: Locale): string;
  tally(question: Q, answered: AnsweredBy[]): T;
  /** the export's columns (heading: 問3 参加意向); `cell` gets the answer when the question applied */
  columns(question: Q, heading: string): Array<{ header: string; cell(value: AnswerValue | undefined): Cell }>;
  /** the tally table's rows after the 回答団体数 row; `lead` is [問n, question text] */
  tallyRows(tally: TallyBase<Q> & T, lead: [string, string]): Cell[][];

  // ── presenting in chat ──
  /** the line under a question that says how to answer; default: surveys.flow.hint.<kind> */
  hint?(question: Q, position: QuestionPosition, p: Presenter): string;
  /** options are ticked (☑/☐) and confirmed with 決定, so no "current answer" line is shown */
  ticks?: boolean;
  /** a note on the answer being built (ranks so far), shown instead of the current answer */
  progress?(question: Q, position: QuestionPosition, answers: Answers, p: Presenter): string | undefined;
  /** the results in chat, after the question's heading */
  tallyBlocks(tally: TallyBase<Q> & T, p: Presenter): Block[];
}

/** Typing help for a kind module: `defineKind<MyQuestion>()({ … })` infers the fields and the tally. */
export function defineKind<Q extends { kind: string }>() {
  return <F extends z.ZodRawShape, T extends { type: string }>(module: KindModule<Q, F, T>): KindModule<Q, F, T> => module;
}

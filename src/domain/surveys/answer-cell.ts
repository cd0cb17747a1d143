// An answer typed into one spreadsheet cell (answers returned on paper, entered by the secretariat), read as chat
// reads a typed answer (「はい」「参加する」「1,3」「令和9年4月1日」). How a cell is read is each kind's `cell`
// (./kinds/); a kind without one (a matrix: a table of its own) does not fit one cell, and the caller says so.
import { kindOf } from "./kinds/index.ts";
import type { Read } from "./read-answer.ts";
import type { AnswerValue, Question } from "./survey-types.ts";

/** The answer in the cell, or undefined when this kind of question cannot be answered in one cell. */
export function readAnswerCell(question: Question, raw: string): Read<AnswerValue> | undefined {
  return kindOf(question).cell?.(question, raw);
}

// The export as a table: one row per addressed body (answered or not), Japanese headers, one column per
// answer that Excel users count — a choice among several is one ○ column per option, a ranking one
// column per rank, a matrix one ○ column per service and option — so COUNTIF over a column gives the
// number the chat shows. Also the tallies and the submission history as rows. Pure.
import { localMinute } from "../../lib/local-time.ts";
import { isApplicable } from "./answer-rules.ts";
import { kindOf, type QuestionTally } from "./kinds/index.ts";
import type { Cell } from "./kinds/kind.ts";
import type { Answers, Question } from "./survey-types.ts";

export type { Cell };
export interface Table {
  header: string[];
  rows: Cell[][];
}

export interface ExportBodyRow {
  code: string | null;
  name: string;
  submission?: { personName: string; submittedAt: Date; receiptCode: string; answers: Answers };
  /** a submission is stored but its answers cannot be read: marked, its cells left blank, never guessed */
  unreadable?: { personName: string; submittedAt: Date; receiptCode: string };
}

function heading(questions: Question[], question: Question): string {
  return `問${questions.indexOf(question) + 1} ${question.short ?? question.text}`;
}

/** The columns one question takes (its kind's `columns`), and how to fill them from a body's answers. */
function columnsOf(questions: Question[], question: Question): Array<{ header: string; cell(answers: Answers): Cell }> {
  const value = (answers: Answers) => (isApplicable(questions, question, answers) ? answers[question.id] : undefined);
  return kindOf(question)
    .columns(question, heading(questions, question))
    .map((column) => ({ header: column.header, cell: (answers: Answers) => column.cell(value(answers)) }));
}

export function answerTable(questions: Question[], bodies: ExportBodyRow[], zone: string): Table {
  const columns = questions.flatMap((q) => columnsOf(questions, q));
  const header = ["団体コード", "団体名", "回答状況", "回答者", "回答日時", "受付番号", ...columns.map((c) => c.header)];
  const rows = bodies.map((b) => {
    const s = b.submission;
    const who = s ?? b.unreadable;
    const fixed: Cell[] = [
      b.code ?? "",
      b.name,
      s ? "回答済" : b.unreadable ? "読み取れない回答" : "未回答",
      who?.personName ?? "",
      who ? localMinute(who.submittedAt, zone) : "",
      who?.receiptCode ?? "",
    ];
    return [...fixed, ...columns.map((c) => (s ? c.cell(s.answers) : ""))];
  });
  return { header, rows };
}

/** The tallies as rows: 問, 質問, 項目, 件数／点数, 割合. */
export function tallyTable(questions: Question[], tallies: QuestionTally[]): Table {
  const rows: Cell[][] = [];
  for (const tally of tallies) {
    const q = tally.question;
    const n = `問${questions.indexOf(q) + 1}`;
    const answered = [n, q.text, "回答団体数", tally.answered, ""];
    rows.push(answered, ...kindOf(q).tallyRows(tally, [n, q.text]));
  }
  return { header: ["問", "質問", "項目", "件数・点数", "割合(%)"], rows };
}

export interface HistoryRow {
  bodyCode: string;
  bodyName: string;
  personName: string;
  submittedAt: Date;
  receiptCode: string;
  current: boolean;
  via: string;
  /** the stored row, when its answers cannot be read */
  unreadable?: string;
}

export function historyTable(history: HistoryRow[], zone: string): Table {
  return {
    header: ["団体コード", "団体名", "回答者", "回答日時", "受付番号", "経路", "有効"],
    rows: history.map((h) => [
      h.bodyCode,
      h.bodyName,
      h.personName,
      localMinute(h.submittedAt, zone),
      h.receiptCode,
      h.via,
      (h.current ? "有効（最新）" : "以前の回答") + (h.unreadable ? "・読み取れない回答" : ""),
    ]),
  };
}

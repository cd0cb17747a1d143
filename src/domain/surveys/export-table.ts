// The export as a table: one row per addressed body (answered or not), Japanese headers, one column per
// answer that Excel users count — a choice among several is one ○ column per option, a ranking one
// column per rank, a matrix one ○ column per service and option — so COUNTIF over a column gives the
// number the chat shows. Also the tallies and the submission history as rows. Pure.
import { localMinute } from "../../lib/local-time.ts";
import { isApplicable } from "./answer-rules.ts";
import { formatAnswer, labelOf } from "./format-answer.ts";
import type { Answers, Question } from "./survey-types.ts";
import { unknownKind } from "./unknown-kind.ts";
import type { QuestionTally } from "./tally.ts";

export type Cell = string | number;
export interface Table {
  header: string[];
  rows: Cell[][];
}

export const MARK = "○";

export interface ExportBodyRow {
  code: string | null;
  name: string;
  submission?: { personName: string; submittedAt: Date; receiptCode: string; answers: Answers };
}

function heading(questions: Question[], question: Question): string {
  return `問${questions.indexOf(question) + 1} ${question.short ?? question.text}`;
}

/** The columns one question takes, and how to fill them from a body's answers. */
function columnsOf(questions: Question[], question: Question): Array<{ header: string; cell(answers: Answers): Cell }> {
  const h = heading(questions, question);
  const value = (answers: Answers) => (isApplicable(questions, question, answers) ? answers[question.id] : undefined);
  switch (question.kind) {
    case "multi":
      return question.options.map((option) => ({
        header: `${h}：${option.label}`,
        cell: (a) => {
          const v = value(a);
          return Array.isArray(v) && v.includes(option.value) ? MARK : "";
        },
      }));
    case "ranking":
      return question.points.map((points, rank) => ({
        header: `${h}：${rank + 1}位（${points}点）`,
        cell: (a) => {
          const v = value(a);
          return Array.isArray(v) && v[rank] !== undefined ? labelOf(question, String(v[rank]), "ja") : "";
        },
      }));
    case "matrix":
      return question.rows.flatMap((row) =>
        question.options.map((option) => ({
          header: `${h}：${row.label}：${option.label}`,
          cell: (a: Answers) => {
            const v = value(a) as Record<string, string[]> | null | undefined;
            return v && v[row.value]?.includes(option.value) ? MARK : "";
          },
        })),
      );
    case "number":
      return [
        { header: question.unit ? `${h}（${question.unit}）` : h, cell: (a) => (typeof value(a) === "number" ? (value(a) as number) : "") },
      ];
    case "date":
      return [
        {
          header: h,
          cell: (a) => {
            const v = value(a);
            return typeof v === "string" ? v : "";
          },
        },
      ];
    case "single":
    case "yesno":
    case "text":
      return [{ header: h, cell: (a) => (value(a) === null ? "" : formatAnswer(question, value(a), "ja")) }];
    default:
      return unknownKind(question);
  }
}

export function answerTable(questions: Question[], bodies: ExportBodyRow[], zone: string): Table {
  const columns = questions.flatMap((q) => columnsOf(questions, q));
  const header = ["団体コード", "団体名", "回答状況", "回答者", "回答日時", "受付番号", ...columns.map((c) => c.header)];
  const rows = bodies.map((b) => {
    const s = b.submission;
    const fixed: Cell[] = [
      b.code ?? "",
      b.name,
      s ? "回答済" : "未回答",
      s?.personName ?? "",
      s ? localMinute(s.submittedAt, zone) : "",
      s?.receiptCode ?? "",
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
    switch (tally.type) {
      case "choice":
        rows.push(answered, ...tally.counts.map((c) => [n, q.text, c.option.label, c.count, c.percent]));
        break;
      case "number":
        rows.push(
          answered,
          [n, q.text, "合計", Number(tally.sum), ""],
          [n, q.text, "平均", tally.average === undefined ? "" : Number(tally.average), ""],
          [n, q.text, "最小", tally.min ?? "", ""],
          [n, q.text, "最大", tally.max ?? "", ""],
        );
        break;
      case "date":
        rows.push(answered, ...tally.counts.map((c) => [n, q.text, c.date, c.count, ""]));
        break;
      case "text":
        rows.push(answered, ...tally.entries.map((e) => [n, q.text, e.bodyName, e.text, ""]));
        break;
      case "ranking":
        rows.push(
          answered,
          ...tally.ranked.map((r) => [
            n,
            q.text,
            `${r.place}位 ${r.option.label}（${r.byRank.map((c, i) => `${i + 1}位${c}`).join("・")}）`,
            r.points,
            "",
          ]),
        );
        if (tally.ties.length > 0)
          rows.push([
            n,
            q.text,
            `同点: ${tally.ties.map((g) => `${g.map((r) => r.option.label).join("・")}（各${g[0]!.points}点）`).join("、")}`,
            "",
            "",
          ]);
        break;
      case "matrix":
        rows.push(
          answered,
          ...tally.rows.flatMap((r) => r.counts.map((c) => [n, q.text, `${r.row.label}：${c.option.label}`, c.count, c.percent])),
        );
        break;
    }
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
      h.current ? "有効（最新）" : "以前の回答",
    ]),
  };
}

// Writes a survey's results for Excel users: CSV (UTF-8 with a BOM so Excel detects it, or Shift_JIS
// on request for older Excel) with one row per body, or an XLSX workbook with the answers, the tallies
// and the history of every submission.
import type ExcelJS from "exceljs";
import { loadExcel } from "../../lib/load-on-first-use.ts";
import { encodeCsv, toCsv, type CsvEncoding, type LostCharacters } from "../../lib/table-export.ts";
import type { DbOrTx } from "../../storage/database.ts";
import { DomainError } from "../errors.ts";
import { answerTable, historyTable, tallyTable, type Table } from "./export-table.ts";
import { bodyAnswersOf, surveyHistory, surveyStatus } from "./survey-status.ts";
import { tallySurvey } from "./tally.ts";

export type ExportFormat = "csv" | "xlsx";
export type { CsvEncoding };

function addSheet(workbook: ExcelJS.Workbook, name: string, table: Table): void {
  const sheet = workbook.addWorksheet(name, { views: [{ state: "frozen", xSplit: 2, ySplit: 1 }] });
  sheet.addRow(table.header).font = { bold: true };
  for (const row of table.rows) sheet.addRow(row);
  table.header.forEach((h, i) => {
    const longest = Math.max(h.length, ...table.rows.map((r) => String(r[i] ?? "").length));
    sheet.getColumn(i + 1).width = Math.min(60, Math.max(8, longest * 2));
  });
}

export async function exportSurvey(db: DbOrTx, surveyId: string, options: { format: ExportFormat; encoding?: CsvEncoding; zone: string }) {
  const status = await surveyStatus(db, surveyId);
  const bodies = status.rows.map((r) => ({ code: r.body.code, name: r.body.name, submission: r.submission, unreadable: r.unreadable }));
  const answers = answerTable(status.questions, bodies, options.zone);
  if (options.format === "csv") {
    if (options.encoding && options.encoding !== "utf8" && options.encoding !== "sjis")
      throw new DomainError("surveys.export.badEncoding", { encoding: options.encoding });
    const { buffer, lost } = encodeCsv(
      toCsv([{ name: "回答一覧", columns: answers.header, rows: answers.rows }]),
      options.encoding ?? "utf8",
    );
    return { buffer, lost, survey: status.survey, answered: status.answered.length, total: status.total, unreadable: status.unreadable };
  }
  const workbook = new (await loadExcel()).Workbook();
  workbook.creator = "Kyodo";
  addSheet(workbook, "回答一覧", answers);
  addSheet(workbook, "集計", tallyTable(status.questions, tallySurvey(status.questions, bodyAnswersOf(status))));
  addSheet(workbook, "回答履歴", historyTable(await surveyHistory(db, surveyId), options.zone));
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  return {
    buffer,
    lost: [] as LostCharacters[],
    survey: status.survey,
    answered: status.answered.length,
    total: status.total,
    unreadable: status.unreadable,
  };
}

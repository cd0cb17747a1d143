// Writes a survey's results for Excel users: CSV (UTF-8 with a BOM so Excel detects it, or Shift_JIS
// on request for older Excel) with one row per body, or an XLSX workbook with the answers, the tallies
// and the history of every submission.
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import type { DbOrTx } from "../../storage/database.ts";
import { DomainError } from "../errors.ts";
import { answerTable, historyTable, tallyTable, type Cell, type Table } from "./export-table.ts";
import { bodyAnswersOf, surveyHistory, surveyStatus } from "./survey-status.ts";
import { tallySurvey } from "./tally.ts";

export type ExportFormat = "csv" | "xlsx";
export type CsvEncoding = "utf8" | "sjis";

function csvField(cell: Cell): string {
  const text = String(cell);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 with CRLF line ends, as Excel writes it. */
export function toCsv(table: Table): string {
  return [table.header, ...table.rows].map((row) => row.map(csvField).join(",")).join("\r\n") + "\r\n";
}

/**
 * Encodes CSV text. Shift_JIS here is Windows-31J (CP932), the variant Excel reads; characters it
 * cannot hold are replaced by "?" and reported, so nobody loses a character silently.
 */
export function encodeCsv(text: string, encoding: CsvEncoding): { buffer: Buffer; unencodable: string[] } {
  if (encoding === "utf8") return { buffer: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")]), unencodable: [] };
  const buffer = iconv.encode(text, "cp932");
  const unencodable = [...new Set([...text].filter((ch) => ch !== "?" && iconv.decode(iconv.encode(ch, "cp932"), "cp932") !== ch))];
  return { buffer, unencodable };
}

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
  const bodies = status.rows.map((r) => ({ code: r.body.code, name: r.body.name, submission: r.submission }));
  const answers = answerTable(status.questions, bodies, options.zone);
  if (options.format === "csv") {
    if (options.encoding && options.encoding !== "utf8" && options.encoding !== "sjis") throw new DomainError("surveys.export.badEncoding", { encoding: options.encoding });
    const { buffer, unencodable } = encodeCsv(toCsv(answers), options.encoding ?? "utf8");
    return { buffer, unencodable, survey: status.survey, answered: status.answered.length, total: status.total };
  }
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Kyodo";
  addSheet(workbook, "回答一覧", answers);
  addSheet(workbook, "集計", tallyTable(status.questions, tallySurvey(status.questions, bodyAnswersOf(status))));
  addSheet(workbook, "回答履歴", historyTable(await surveyHistory(db, surveyId), options.zone));
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  return { buffer, unencodable: [] as string[], survey: status.survey, answered: status.answered.length, total: status.total };
}

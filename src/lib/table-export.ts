// Tables as files people open in Excel — the one writer for every export (surveys, ballots, candidates, usage,
// money). CSV is RFC 4180 (csv-stringify) with CRLF line ends, in UTF-8 with a BOM (so Excel reads the Japanese),
// or in Shift_JIS (Windows-31J, the variant Excel reads) for older tools; XLSX has one sheet per table.
//
// Numbers stay numbers. In XLSX, whole numbers within the safe range are numeric cells shown with the Japanese
// accounting format (negative as △800), so sums work. In CSV, numeric columns carry plain digits with a minus sign
// (47924000, -800): separators and △ would turn them into text that Excel cannot sum; the △ look is a display
// format, which CSV cannot carry. Anything that is not a safe whole number stays as written (exact decimals).
import { stringify } from "csv-stringify/sync";
import { loadExcel } from "./load-on-first-use.ts";
import iconv from "iconv-lite";

export interface ExportTable {
  /** sheet name (XLSX), at most 31 characters */
  name: string;
  columns: string[];
  rows: Array<Array<string | number>>;
  /** columns (by index) holding numbers, right-aligned and numeric in XLSX */
  numeric?: number[];
}

export type CsvEncoding = "utf8" | "sjis";

/** Characters Shift_JIS cannot hold, by CSV line (1 = the header), so the reader is told what was lost where. */
export interface LostCharacters {
  line: number;
  characters: string[];
}

export interface EncodedCsv {
  buffer: Buffer;
  /** empty for UTF-8; for Shift_JIS, every line where a character was replaced by "?" */
  lost: LostCharacters[];
}

/** "47,924,000" or "△800" as the number it shows, when it is a safe whole number; else undefined. */
export function wholeNumber(value: string | number): number | undefined {
  if (typeof value === "number") return Number.isSafeInteger(value) ? value : undefined;
  const text = value.replace(/,/g, "").replace(/^[△▲]\s*/, "-");
  return /^-?\d+$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : undefined;
}

function csvRows(table: ExportTable): Array<Array<string | number>> {
  const numeric = new Set(table.numeric ?? []);
  return [table.columns, ...table.rows.map((row) => row.map((cell, i) => (numeric.has(i) ? (wholeNumber(cell) ?? cell) : cell)))];
}

/** One or more tables as CSV text; several tables are separated by an empty line. */
export function toCsv(tables: ExportTable[]): string {
  return tables.map((table) => stringify(csvRows(table), { record_delimiter: "windows" })).join("\r\n");
}

const SJIS = "cp932";

function fitsShiftJis(ch: string): boolean {
  return iconv.decode(iconv.encode(ch, SJIS), SJIS) === ch;
}

/** Encodes CSV text; for Shift_JIS, reports each line that lost characters (they become "?"). */
export function encodeCsv(text: string, encoding: CsvEncoding = "utf8"): EncodedCsv {
  if (encoding === "utf8") return { buffer: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")]), lost: [] };
  const lost: LostCharacters[] = [];
  text.split("\r\n").forEach((line, index) => {
    const characters = [...new Set([...line].filter((ch) => ch !== "?" && !fitsShiftJis(ch)))];
    if (characters.length > 0) lost.push({ line: index + 1, characters });
  });
  return { buffer: iconv.encode(text, SJIS), lost };
}

/** One line for people: "line 3: 𠮷; line 7: ✅" — what a Shift_JIS export replaced by "?". */
export function describeLost(lost: LostCharacters[], limit = 10): string {
  const shown = lost.slice(0, limit).map((l) => `${l.line}: ${l.characters.join("")}`);
  return lost.length > limit ? `${shown.join("; ")}; … (+${lost.length - limit})` : shown.join("; ");
}

/** Japanese accounting style: 1,234 and △1,234 for a negative amount. */
export const NUMBER_FORMAT = '#,##0;"△"#,##0';

export async function toXlsx(tables: ExportTable[]): Promise<Buffer> {
  const ExcelJS = await loadExcel();
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Kyodo";
  const used = new Set<string>();
  for (const table of tables) {
    let name = table.name.replace(/[\\/*?:[\]]/g, " ").slice(0, 31) || "Sheet";
    for (let i = 2; used.has(name); i++) name = `${table.name.slice(0, 28)} ${i}`;
    used.add(name);
    const sheet = workbook.addWorksheet(name);
    sheet.addRow(table.columns).font = { bold: true };
    const numeric = new Set(table.numeric ?? []);
    for (const row of table.rows) sheet.addRow(row.map((cell, i) => (numeric.has(i) ? (wholeNumber(cell) ?? cell) : cell)));
    table.columns.forEach((column, i) => {
      const col = sheet.getColumn(i + 1);
      col.width = Math.min(60, Math.max(10, ...[column, ...table.rows.map((r) => String(r[i] ?? ""))].map((s) => s.length * 2)));
      if (numeric.has(i)) {
        col.numFmt = NUMBER_FORMAT;
        col.alignment = { horizontal: "right" };
      }
    });
    sheet.views = [{ state: "frozen", ySplit: 1 }];
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

// Tables as files people open in Excel: CSV in UTF-8 with a BOM (so Excel reads the Japanese correctly),
// or Shift_JIS for older tools, and XLSX with one sheet per table. Numbers stay exact: cells hold the
// digits as text in CSV; in XLSX whole numbers within the safe range are numeric cells (so sums work)
// and anything else stays text rather than being rounded by floating point.
import ExcelJS from "exceljs";
import iconv from "iconv-lite";

export interface ExportTable {
  /** sheet name (XLSX), at most 31 characters */
  name: string;
  columns: string[];
  rows: Array<Array<string | number>>;
  /** columns (by index) holding numbers, right-aligned and numeric in XLSX */
  numeric?: number[];
}

function csvCell(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(tables: ExportTable[]): string {
  return tables
    .map((table) => [table.columns, ...table.rows].map((row) => row.map(csvCell).join(",")).join("\r\n"))
    .join("\r\n\r\n") + "\r\n";
}

export function encodeCsv(text: string, encoding: "utf8" | "sjis" = "utf8"): Buffer {
  return encoding === "sjis" ? iconv.encode(text, "Shift_JIS") : Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")]);
}

/** "47,924,000" or "△800" back to a number when it is a safe integer, for numeric XLSX cells. */
function numericCell(value: string | number): string | number {
  if (typeof value === "number") return value;
  const text = value.replace(/,/g, "").replace(/^△/, "-");
  if (/^-?\d+$/.test(text) && Number.isSafeInteger(Number(text))) return Number(text);
  return value;
}

export async function toXlsx(tables: ExportTable[]): Promise<Buffer> {
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
    for (const row of table.rows) sheet.addRow(row.map((cell, i) => (numeric.has(i) ? numericCell(cell) : cell)));
    table.columns.forEach((column, i) => {
      const col = sheet.getColumn(i + 1);
      col.width = Math.min(60, Math.max(10, ...[column, ...table.rows.map((r) => String(r[i] ?? ""))].map((s) => s.length * 2)));
      if (numeric.has(i)) {
        col.numFmt = "#,##0;[Red]\\-#,##0";
        col.alignment = { horizontal: "right" };
      }
    });
    sheet.views = [{ state: "frozen", ySplit: 1 }];
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

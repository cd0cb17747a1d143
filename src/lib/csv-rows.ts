// Reading a spreadsheet the secretariat saved as CSV, for the bulk imports: each row with the line it came
// from (so every problem names `file:line`), headers in English or Japanese mapped to one field name, and
// blank lines skipped. Decoding (UTF-8 with or without BOM, or Shift_JIS) happens before, in decodeCsv.
import { parse } from "csv-parse/sync";
import { normalizeInput } from "./japanese/normalize.ts";

export interface CsvRow {
  /** 1-based line in the file, the header being line 1 */
  line: number;
  /** field name (after aliases) → trimmed cell; missing cells are "" */
  cells: Record<string, string>;
}

export type CsvRead = { ok: true; headers: string[]; rows: CsvRow[] } | { ok: false; reason: string };

/** Parses CSV text; `aliases` maps a header as written (case and width folded) to its field name. */
export function readCsvRows(text: string, aliases: Record<string, string> = {}): CsvRead {
  let records: string[][];
  let lines: number[];
  try {
    const parsed = parse(text, { skip_empty_lines: true, relax_column_count: true, info: true, bom: true }) as unknown as Array<{
      record: string[];
      info: { lines: number };
    }>;
    records = parsed.map((p) => p.record);
    lines = parsed.map((p) => p.info.lines);
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
  if (records.length === 0) return { ok: true, headers: [], rows: [] };
  const folded = new Map(Object.entries(aliases).map(([alias, field]) => [fold(alias), field]));
  const headers = records[0]!.map((h) => folded.get(fold(h)) ?? h.trim());
  const rows = records.slice(1).map((record, i) => {
    const cells: Record<string, string> = {};
    headers.forEach((header, column) => {
      cells[header] = (record[column] ?? "").trim();
    });
    return { line: lines[i + 1]!, cells };
  });
  return { ok: true, headers, rows: rows.filter((row) => Object.values(row.cells).some((cell) => cell !== "")) };
}

function fold(header: string): string {
  return normalizeInput(header).trim().toLowerCase();
}

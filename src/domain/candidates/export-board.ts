// Writes the candidate board for Excel: CSV (UTF-8 with a BOM, or Shift_JIS for older Excel) of one
// table — the board by default, or one row per candidate and body — or an XLSX workbook with the board,
// the per-body table, the monthly trend and the full history.
import { translator } from "../../engine/i18n.ts";
import { encodeCsv, toCsv, toXlsx, type ExportTable, type LostCharacters } from "../../lib/table-export.ts";
import type { DbOrTx } from "../../storage/database.ts";
import { DomainError } from "../errors.ts";
import { boardTable, bodyTable, historyTable, trendTable } from "./board-tables.ts";
import { candidateTrend, loadBoard } from "./candidate-board.ts";
import { interestHistory } from "./interest-history.ts";

export type BoardCsvTable = "board" | "bodies";

export interface BoardExportOptions {
  format: "csv" | "xlsx";
  encoding?: "utf8" | "sjis";
  /** which table a CSV holds (an XLSX holds them all) */
  table?: BoardCsvTable;
  includeArchived?: boolean;
  zone: string;
  now: Date;
}

export async function exportBoard(
  db: DbOrTx,
  councilId: string,
  options: BoardExportOptions,
): Promise<{ buffer: Buffer; lost: LostCharacters[]; candidates: number }> {
  // Exports are read by the council's staff in Excel: Japanese, whatever the exporter's chat language.
  const t = translator("ja");
  const board = await loadBoard(db, councilId, { includeArchived: options.includeArchived });
  const bodies = await db.body.findMany({
    where: { councilId, active: true },
    orderBy: [{ code: { sort: "asc", nulls: "last" } }, { name: "asc" }],
  });
  if (options.format === "csv") {
    const table = options.table ?? "board";
    if (table !== "board" && table !== "bodies") throw new DomainError("candidates.export.badTable", { table });
    const chosen: ExportTable = table === "board" ? boardTable(t, board, options.zone) : bodyTable(t, board, bodies, options.zone);
    return { ...encodeCsv(toCsv([chosen]), options.encoding ?? "utf8"), candidates: board.entries.length };
  }
  const trends = [];
  for (const e of board.entries)
    trends.push({
      number: e.candidate.number,
      name: e.candidate.name,
      points: await candidateTrend(db, e.candidate, options.now, options.zone),
    });
  const history = await interestHistory(db, councilId);
  const tables = [
    boardTable(t, board, options.zone),
    bodyTable(t, board, bodies, options.zone),
    trendTable(t, trends),
    historyTable(t, history, options.zone),
  ];
  return { buffer: await toXlsx(tables), lost: [], candidates: board.entries.length };
}

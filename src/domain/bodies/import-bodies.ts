// Imports member bodies from a CSV (code,name,kind; Japanese headers 団体コード,団体名,種別 also read).
// Valid rows are created or updated by code (by name for bodies without a code); rejected rows are
// reported with their line and reason. All or nothing by default: one rejected row and nothing is written
// (a half-imported list is worse than none); `skipInvalid` writes the valid rows on purpose.
import { parse } from "csv-parse/sync";
import iconv from "iconv-lite";
import type { Db } from "../../storage/database.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";
import { DomainError } from "../errors.ts";
import { isProblem, validateBodyRow, type RowProblem } from "./body-rows.ts";

export interface ImportReport {
  /** false when rejected rows stopped the whole import (nothing was written) */
  written: boolean;
  created: number;
  updated: number;
  unchanged: number;
  rejected: RowProblem[];
}

/** Excel in Japan still saves CSV as Shift_JIS; accept it as well as UTF-8 (with or without BOM). */
export function decodeCsv(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    return iconv.decode(Buffer.from(bytes), "Shift_JIS");
  }
}

/** Thrown inside the transaction to roll it back when rejected rows stop an all-or-nothing import. */
class NothingWritten extends Error {}

export async function importBodies(
  db: Db,
  councilId: string,
  csv: string,
  actor: string,
  options: { skipInvalid?: boolean } = {},
): Promise<ImportReport> {
  let records: Record<string, string>[];
  try {
    records = parse(csv, { columns: true, skip_empty_lines: true, trim: true, relax_column_count: true });
  } catch (error) {
    throw new DomainError("bodies.import.unreadable", { reason: (error as Error).message });
  }
  const report: ImportReport = { written: true, created: 0, updated: 0, unchanged: 0, rejected: [] };
  const seen = new Set<string>();
  await db
    .$transaction(async (tx) => {
      for (const [index, record] of records.entries()) {
        const row = validateBodyRow(record, index + 2);
        if (isProblem(row)) {
          report.rejected.push(row);
          continue;
        }
        const identity = row.code ?? `name:${row.nameKey}`;
        if (seen.has(identity)) {
          report.rejected.push({ line: index + 2, key: "bodies.import.duplicate", vars: { name: row.name, code: row.code ?? "" } });
          continue;
        }
        seen.add(identity);
        const existing = await tx.body.findFirst({
          where: row.code ? { councilId, code: row.code } : { councilId, code: null, nameKey: row.nameKey },
        });
        if (!existing) {
          await tx.body.create({ data: { councilId, ...row } });
          report.created += 1;
        } else if (existing.name !== row.name || existing.kind !== row.kind || existing.nameKey !== row.nameKey) {
          await tx.body.update({ where: { id: existing.id }, data: { name: row.name, nameKey: row.nameKey, kind: row.kind } });
          report.updated += 1;
        } else {
          report.unchanged += 1;
        }
      }
      if (report.rejected.length > 0 && !options.skipInvalid) throw new NothingWritten();
      await appendAuditEntry(tx, {
        actor,
        action: "bodies.import",
        subject: `council:${councilId}`,
        payload: { created: report.created, updated: report.updated, rejected: report.rejected.length },
      });
    })
    .catch((error: unknown) => {
      if (!(error instanceof NothingWritten)) throw error;
      report.written = false;
    });
  return report;
}

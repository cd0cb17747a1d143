// Imports body statistics (人口, 出生数) per fiscal year from a CSV: body,kind,fiscalYear,value, or the
// Japanese headers 団体名（or 団体コード）,種別,年度,値. Lines starting with # are comments. A year's figure
// is replaced when imported again; rejected rows are reported by line and do not stop the others.
import { parse } from "csv-parse/sync";
import { parseFiscalYear } from "../../lib/japanese/era.ts";
import type { Db } from "../../storage/database.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";
import { findBody } from "../bodies/find-body.ts";
import type { RowProblem } from "../bodies/body-rows.ts";
import { DomainError } from "../errors.ts";
import { parseAmount } from "../../lib/yen.ts";

const KINDS: Record<string, "population" | "births"> = {
  population: "population",
  人口: "population",
  births: "births",
  出生数: "births",
  出生: "births",
};

export interface StatisticsReport {
  imported: number;
  rejected: RowProblem[];
}

export async function importStatistics(db: Db, councilId: string, csv: string, actor: string, source?: string): Promise<StatisticsReport> {
  let records: Record<string, string>[];
  try {
    records = parse(csv, { columns: true, skip_empty_lines: true, trim: true, relax_column_count: true, comment: "#", info: false });
  } catch (error) {
    throw new DomainError("money.statistics.unreadable", { reason: (error as Error).message });
  }
  // Comment lines are skipped by the parser, so count them to report real line numbers.
  const lineOf = dataLineNumbers(csv);
  const report: StatisticsReport = { imported: 0, rejected: [] };
  await db.$transaction(async (tx) => {
    for (const [index, record] of records.entries()) {
      const line = lineOf[index] ?? index + 2;
      const bodyText = record.body ?? record["団体名"] ?? record.code ?? record["団体コード"] ?? "";
      const kind = KINDS[(record.kind ?? record["種別"] ?? "").trim().toLowerCase()];
      const year = parseFiscalYear(record.fiscalYear ?? record["年度"] ?? "");
      const value = parseAmount(record.value ?? record["値"] ?? "");
      if (!kind) {
        report.rejected.push({ line, key: "money.statistics.badKind", vars: { kind: record.kind ?? record["種別"] ?? "" } });
        continue;
      }
      if (!year) {
        report.rejected.push({ line, key: "money.statistics.badYear", vars: { year: record.fiscalYear ?? record["年度"] ?? "" } });
        continue;
      }
      if (!value || !value.isInteger() || value.isNegative() || value.gt(2_147_483_647)) {
        report.rejected.push({ line, key: "money.statistics.badValue", vars: { value: record.value ?? record["値"] ?? "" } });
        continue;
      }
      const body = await findBody(tx, councilId, bodyText).catch((error: unknown) => {
        if (error instanceof DomainError) return undefined;
        throw error;
      });
      if (!body) {
        report.rejected.push({ line, key: "money.statistics.unknownBody", vars: { body: bodyText } });
        continue;
      }
      await tx.bodyStatistic.upsert({
        where: { bodyId_kind_fiscalYear: { bodyId: body.id, kind, fiscalYear: year } },
        create: { bodyId: body.id, kind, fiscalYear: year, value: value.toNumber(), source: source ?? null },
        update: { value: value.toNumber(), source: source ?? null },
      });
      report.imported += 1;
    }
    await appendAuditEntry(tx, {
      actor,
      action: "statistics.import",
      subject: `council:${councilId}`,
      payload: { imported: report.imported, rejected: report.rejected.length, source },
    });
  });
  return report;
}

/** 1-based line numbers of the data rows (after the header), skipping comments and blank lines. */
export function dataLineNumbers(csv: string): number[] {
  const lines = csv.split(/\r?\n/);
  const numbers: number[] = [];
  let headerSeen = false;
  lines.forEach((text, i) => {
    if (text.trim() === "" || text.trimStart().startsWith("#")) return;
    if (!headerSeen) {
      headerSeen = true;
      return;
    }
    numbers.push(i + 1);
  });
  return numbers;
}

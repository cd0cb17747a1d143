// Imports usage figures from a CSV (UTF-8 or Shift_JIS), long or wide layout (see usage-rows.ts). Large
// files stream through the parser with progress reported as they go; figures are written in batches of
// multi-row upserts inside one transaction, so 100,000 rows take seconds and a failure leaves nothing
// half-imported. Rejected rows are reported by line and do not stop the others; a figure given twice in
// one file is rejected the second time (it is almost always a copy-paste slip).
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { parse } from "csv-parse";
import type { Db, DbOrTx } from "../../storage/database.ts";
import { providerOf, sqlParameter } from "../../storage/provider.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";
import type { RowProblem } from "../bodies/body-rows.ts";
import { decodeCsv } from "../bodies/import-bodies.ts";
import { DomainError } from "../errors.ts";
import { indexByName, layoutOf, validateUsageRecord, type Figure, type ImportContext, type Layout } from "./usage-rows.ts";
import type { Period } from "./period.ts";

export interface UsageImportReport {
  /** false when rejected rows stopped the whole import (all or nothing unless skipInvalid) */
  written: boolean;
  rows: number;
  figures: number;
  rejected: RowProblem[];
}

export interface UsageImportOptions {
  /** the system (slug or name) for files without a system column */
  system?: string;
  /** the period for files without a period column */
  period?: Period;
  /** called with (bytes read, total bytes) as the file is parsed */
  onProgress?: (done: number, total: number) => void;
  source?: string;
  /** write the valid rows even when some are rejected (by default one rejected row writes nothing) */
  skipInvalid?: boolean;
}

const CHUNK = 64 * 1024;
const BATCH = 400;

export async function importUsage(
  db: Db,
  councilId: string,
  bytes: Uint8Array,
  actor: string,
  options: UsageImportOptions = {},
): Promise<UsageImportReport> {
  const text = decodeCsv(bytes);
  const systems = await db.sharedSystem.findMany({ where: { councilId } });
  const bodies = await db.body.findMany({ where: { councilId } });
  const systemOf = indexByName(systems, (s) => [s.slug, s.name, s.nameEn]);
  const defaultSystemId = options.system ? systemOf(options.system) : undefined;
  if (options.system && !defaultSystemId)
    throw new DomainError("usage.systems.notFound", { query: options.system, known: systems.map((s) => s.slug).join("、") || "—" });
  const ctx: ImportContext = {
    system: systemOf,
    body: indexByName(bodies, (b) => [b.code, b.name]),
    defaults: { systemId: defaultSystemId, period: options.period },
  };

  const report: UsageImportReport = { written: true, rows: 0, figures: 0, rejected: [] };
  const figures: Array<Figure & { line: number }> = [];
  const seen = new Map<string, number>();
  let layout: Layout | undefined;
  const total = text.length;
  let done = 0;
  const chunks = function* () {
    for (let i = 0; i < text.length; i += CHUNK) {
      done = Math.min(text.length, i + CHUNK);
      yield text.slice(i, i + CHUNK);
    }
  };
  const parser = Readable.from(chunks()).pipe(
    parse({
      columns: (header: string[]) => ((layout = layoutOf(header)), header.map((h) => h.trim())),
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
      info: true,
      comment: "#",
    }),
  );
  let lastReported = -1;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      report.rows += 1;
      const line = info.lines;
      const result = validateUsageRecord(record, line, layout!, ctx);
      if ("key" in result) {
        report.rejected.push(result);
      } else {
        for (const figure of result) {
          const key = `${figure.systemId}|${figure.bodyKey}|${figure.fiscalYear}|${figure.month}|${figure.metric}|${figure.channel}`;
          const first = seen.get(key);
          if (first !== undefined) {
            report.rejected.push({ line, key: "usage.import.duplicate", vars: { first, metric: figure.metric, channel: figure.channel } });
            continue;
          }
          seen.set(key, line);
          figures.push({ ...figure, line });
        }
      }
      const percent = Math.floor((done / total) * 100);
      if (options.onProgress && percent !== lastReported) {
        lastReported = percent;
        options.onProgress(done, total);
      }
    }
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw new DomainError("usage.import.unreadable", { reason: (error as Error).message });
  }
  options.onProgress?.(total, total);
  report.figures = figures.length;
  if (report.rejected.length > 0 && !options.skipInvalid) return { ...report, written: false };
  // A file where nothing was accepted is rejected as a whole only by its rows' reports; writing nothing is fine.
  await db.$transaction(
    async (tx) => {
      for (let i = 0; i < figures.length; i += BATCH) await upsertFigures(tx, figures.slice(i, i + BATCH), options.source ?? "csv");
      await appendAuditEntry(tx, {
        actor,
        action: "usage.import",
        subject: `council:${councilId}`,
        payload: { source: options.source ?? "csv", rows: report.rows, figures: figures.length, rejected: report.rejected.length },
      });
    },
    { timeout: 10 * 60_000, maxWait: 30_000 },
  );
  report.figures = figures.length;
  return report;
}

/** One multi-row INSERT … ON CONFLICT DO UPDATE per batch: re-importing a figure replaces its value. */
async function upsertFigures(tx: DbOrTx, batch: Array<Figure & { line: number }>, source: string): Promise<void> {
  if (batch.length === 0) return;
  const now = new Date().toISOString();
  // Positional parameters are spelled per provider ($n on PostgreSQL); the upsert itself is standard SQL.
  const provider = providerOf(tx);
  const placeholders = batch
    .map((_, row) => `(${Array.from({ length: 10 }, (_, col) => sqlParameter(provider, row * 10 + col + 1)).join(", ")})`)
    .join(", ");
  const values = batch.flatMap((f) => [
    randomUUID(),
    f.systemId,
    f.bodyKey,
    f.fiscalYear,
    f.month,
    f.metric,
    f.channel,
    f.value,
    `${source}:${f.line}`,
    now,
  ]);
  await tx.$executeRawUnsafe(
    `INSERT INTO "UsageFigure" ("id", "systemId", "bodyKey", "fiscalYear", "month", "metric", "channel", "value", "source", "updatedAt") VALUES ${placeholders}
     ON CONFLICT ("systemId", "bodyKey", "fiscalYear", "month", "metric", "channel") DO UPDATE SET "value" = excluded."value", "source" = excluded."source", "updatedAt" = excluded."updatedAt"`,
    ...values,
  );
}

// Pure validation of usage rows from a spreadsheet, in either layout:
//   long:  system,body,period,metric,channel,value        (one figure per row; channel optional)
//   wide:  body,<figure columns…>                         (one row per body, as in the Chiba data;
//          system and period may be columns or given once for the whole file)
// Empty cells and "—" in a wide row mean "no figure" (the report prints — for channels a body lacks).
// Each rejected row says what to fix; the body "*" (or 全体) is the system as a whole.
import { nameKey, normalizeInput } from "../../lib/japanese/normalize.ts";
import type { RowProblem } from "../bodies/body-rows.ts";
import { DomainError } from "../errors.ts";
import { parseAmount } from "../../lib/yen.ts";
import { COUNT_METRICS, parseChannel, parseMetric, parseWideColumn, type Metric } from "./metrics.ts";
import { parsePeriod, type Period } from "./period.ts";

export interface Figure {
  systemId: string;
  bodyKey: string;
  fiscalYear: number;
  month: number;
  metric: Metric;
  channel: string;
  value: string;
}

export interface ImportContext {
  /** system id by slug or name key */
  system(text: string): string | undefined;
  /** body id by code or name key; "*" for the whole system */
  body(text: string): string | undefined;
  defaults: { systemId?: string; period?: Period };
}

const SYSTEM_COLUMNS = ["system", "システム", "system_slug"];
const BODY_COLUMNS = ["body", "団体名", "団体", "code", "団体コード"];
const PERIOD_COLUMNS = ["period", "期間", "年月", "年度", "month", "fiscal_year"];
const LONG_COLUMNS = {
  metric: ["metric", "指標", "項目"],
  channel: ["channel", "内訳", "subsystem", "サブシステム"],
  value: ["value", "値", "件数", "数値"],
};
const WHOLE_SYSTEM = new Set(["*", "全体", "system", "(全体)", "システム全体"]);
const BLANK = new Set(["", "—", "-", "―", "－", "ー"]);

export type Layout = { kind: "long" } | { kind: "wide"; columns: Map<string, { metric: Metric; channel: string }> };

const pick = (record: Record<string, string>, names: string[]) => {
  for (const name of names) if (record[name] !== undefined) return record[name];
  return undefined;
};

/** Decides the layout from the header; a wide file's unknown columns stop the import with their names. */
export function layoutOf(headers: string[]): Layout {
  const lower = headers.map((h) => h.normalize("NFKC").trim());
  if (lower.some((h) => LONG_COLUMNS.metric.includes(h.toLowerCase()))) return { kind: "long" };
  const columns = new Map<string, { metric: Metric; channel: string }>();
  const unknown: string[] = [];
  for (const header of headers) {
    const h = header.normalize("NFKC").trim().toLowerCase();
    if ([...SYSTEM_COLUMNS, ...BODY_COLUMNS, ...PERIOD_COLUMNS].includes(h)) continue;
    const parsed = parseWideColumn(h);
    if (parsed) columns.set(header, parsed);
    else unknown.push(header);
  }
  if (unknown.length > 0) throw new DomainError("usage.import.unknownColumns", { columns: unknown.join(", ") });
  if (columns.size === 0) throw new DomainError("usage.import.noFigureColumns");
  return { kind: "wide", columns };
}

function resolveCommon(
  record: Record<string, string>,
  line: number,
  ctx: ImportContext,
): { systemId: string; bodyKey: string; period: Period } | RowProblem {
  const systemText = pick(record, SYSTEM_COLUMNS)?.trim();
  const systemId = systemText ? ctx.system(systemText) : ctx.defaults.systemId;
  if (!systemId)
    return { line, key: systemText ? "usage.import.unknownSystem" : "usage.import.missingSystem", vars: { system: systemText ?? "" } };
  const bodyText = normalizeInput(pick(record, BODY_COLUMNS) ?? "");
  const bodyKey = WHOLE_SYSTEM.has(bodyText.toLowerCase()) ? "*" : bodyText ? ctx.body(bodyText) : undefined;
  if (!bodyKey) return { line, key: bodyText ? "usage.import.unknownBody" : "usage.import.missingBody", vars: { body: bodyText } };
  const periodText = pick(record, PERIOD_COLUMNS)?.trim();
  const period = periodText ? parsePeriod(periodText) : ctx.defaults.period;
  if (!period)
    return { line, key: periodText ? "usage.import.badPeriod" : "usage.import.missingPeriod", vars: { period: periodText ?? "" } };
  return { systemId, bodyKey, period };
}

function checkValue(text: string, metric: Metric, line: number, column: string): string | RowProblem {
  const value = parseAmount(text);
  if (!value || value.isNegative()) return { line, key: "usage.import.badValue", vars: { value: text, column } };
  if (COUNT_METRICS.includes(metric) && !value.isInteger()) return { line, key: "usage.import.notACount", vars: { value: text, column } };
  return value.toFixed();
}

export function validateUsageRecord(
  record: Record<string, string>,
  line: number,
  layout: Layout,
  ctx: ImportContext,
): Figure[] | RowProblem {
  const common = resolveCommon(record, line, ctx);
  if ("key" in common) return common;
  const base = { systemId: common.systemId, bodyKey: common.bodyKey, fiscalYear: common.period.fiscalYear, month: common.period.month };
  if (layout.kind === "long") {
    const metricText = pick(record, LONG_COLUMNS.metric) ?? "";
    const metric = parseMetric(metricText);
    if (!metric) return { line, key: "usage.import.unknownMetric", vars: { metric: metricText } };
    const valueText = (pick(record, LONG_COLUMNS.value) ?? "").trim();
    if (BLANK.has(valueText)) return { line, key: "usage.import.missingValue", vars: {} };
    const value = checkValue(valueText, metric, line, metricText);
    if (typeof value !== "string") return value;
    return [{ ...base, metric, channel: parseChannel(pick(record, LONG_COLUMNS.channel)), value }];
  }
  const figures: Figure[] = [];
  for (const [column, target] of layout.columns) {
    const text = (record[column] ?? "").trim();
    if (BLANK.has(text)) continue;
    const value = checkValue(text, target.metric, line, column);
    if (typeof value !== "string") return value;
    figures.push({ ...base, metric: target.metric, channel: target.channel, value });
  }
  if (figures.length === 0) return { line, key: "usage.import.noFigures", vars: {} };
  return figures;
}

/** Lookup tables for bodies and systems built once per import (a 100k-row file must not query per row). */
export function indexByName<T extends { id: string }>(
  items: T[],
  keys: (item: T) => Array<string | null | undefined>,
): (text: string) => string | undefined {
  const map = new Map<string, string>();
  for (const item of items) for (const k of keys(item)) if (k) map.set(nameKey(k), item.id);
  return (text) => map.get(nameKey(text));
}

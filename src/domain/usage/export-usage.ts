// The usage summary as export tables (CSV/XLSX): every body and the system as a whole, every metric and
// channel, with the same period a year earlier and the change — the full detail behind the chat message.
import { translator } from "../../engine/i18n.ts";
import type { ExportTable } from "../../lib/table-export.ts";
import { Dec, formatNumber } from "../../lib/yen.ts";
import { CHANNELS, COUNT_METRICS } from "./metrics.ts";
import { previousYear } from "./period.ts";
import { formatChange, labelOf, metricLabel, systemName } from "./summary-message.ts";
import type { UsageSummary } from "./usage-summary.ts";

export function usageExportTables(summary: UsageSummary, locale: "ja" | "en"): ExportTable[] {
  const t = translator(locale);
  const period = labelOf(summary.period, locale);
  const previous = labelOf(previousYear(summary.period), locale);
  const totals: ExportTable = {
    name: t("usage.export.totalsSheet"),
    columns: [t("usage.export.system"), t("usage.export.period"), t("usage.export.metric"), period, previous, t("usage.export.change")],
    rows: summary.totals.map((m) => [
      systemName(summary, locale),
      period,
      metricLabel(t, m.metric),
      formatNumber(m.value),
      m.previous ? formatNumber(m.previous) : "",
      formatChange(m.change) ?? "",
    ]),
    numeric: [3, 4],
  };
  for (const { channel, uptime } of summary.uptime) {
    totals.rows.push([
      systemName(summary, locale),
      period,
      `${t("usage.summary.uptime")}${channel === "total" ? "" : `（${channel}）`}`,
      `${uptime.shown}%`,
      "",
      summary.system.sla ? `SLA ${summary.system.sla.toFixed()}%` : "",
    ]);
  }
  const metrics = COUNT_METRICS.filter((m) => summary.bodies.some((b) => b.values.has(m)));
  const bodies: ExportTable = {
    name: t("usage.export.bodiesSheet"),
    columns: [
      t("usage.export.code"),
      t("usage.summary.body"),
      ...metrics.flatMap((m) => [`${metricLabel(t, m)} ${period}`, `${metricLabel(t, m)} ${previous}`]),
    ],
    rows: summary.bodies.map((b) => [
      b.code ?? "",
      b.name,
      ...metrics.flatMap((m) => [
        b.values.get(m) ? formatNumber(b.values.get(m)!) : "",
        b.previous.get(m) ? formatNumber(b.previous.get(m)!) : "",
      ]),
    ]),
    numeric: metrics.flatMap((_, i) => [2 + i * 2, 3 + i * 2]),
  };
  const tables = [totals, bodies, ...breakdownTables(summary, locale)];
  if (summary.months.length > 0 && summary.headline) {
    tables.push({
      name: t("usage.export.monthsSheet"),
      columns: [
        t("usage.summary.monthColumn"),
        `${metricLabel(t, summary.headline)} ${period}`,
        `${metricLabel(t, summary.headline)} ${previous}`,
      ],
      rows: summary.months.map((m) => [
        t("usage.summary.month", { month: m.month }),
        m.value ? formatNumber(m.value) : "",
        m.previous ? formatNumber(m.previous) : "",
      ]),
      numeric: [1, 2],
    });
  }
  return tables;
}

/** A figure the body did not report: shown as the report prints it, and skipped by Excel's SUM. */
const NOT_REPORTED = "—";

/**
 * The report's 内訳 tables: for each metric that has channels, one row per body with the total and each channel
 * (受付総数, (内)職員端末, (内)インターネット…; 登録利用者数, 個人, 団体), and the 合計 row, as the annual report prints them.
 */
function breakdownTables(summary: UsageSummary, locale: "ja" | "en"): ExportTable[] {
  const t = translator(locale);
  const tables: ExportTable[] = [];
  for (const metric of COUNT_METRICS) {
    const used = CHANNELS.filter((c) => c !== "total" && summary.bodies.some((b) => b.channels.get(metric)?.has(c)));
    if (used.length === 0) continue;
    const sums = new Map<string, Dec>();
    const add = (key: string, value: Dec | undefined) => value && sums.set(key, (sums.get(key) ?? new Dec(0)).plus(value));
    const cell = (value: Dec | undefined) => (value ? formatNumber(value) : NOT_REPORTED);
    const rows = summary.bodies.map((b) => {
      const split = b.channels.get(metric);
      add("total", b.values.get(metric));
      for (const c of used) add(c, split?.get(c));
      return [b.code ?? "", b.name, cell(b.values.get(metric)), ...used.map((c) => cell(split?.get(c)))];
    });
    rows.push(["", t("usage.export.sumRow"), cell(sums.get("total")), ...used.map((c) => cell(sums.get(c)))]);
    tables.push({
      name: t("usage.export.breakdownSheet", { metric: metricLabel(t, metric) }),
      columns: [
        t("usage.export.code"),
        t("usage.summary.body"),
        metricLabel(t, metric),
        ...used.map((c) => t("usage.export.ofWhich", { channel: t(`usage.channels.${c}`) })),
      ],
      rows,
      numeric: [2, ...used.map((_, i) => 3 + i)],
    });
  }
  return tables;
}

// The usage summary as export tables (CSV/XLSX): every body and the system as a whole, every metric and
// channel, with the same period a year earlier and the change — the full detail behind the chat message.
import { translator } from "../../engine/i18n.ts";
import type { ExportTable } from "../../lib/table-export.ts";
import { formatNumber } from "../money/yen.ts";
import { COUNT_METRICS } from "./metrics.ts";
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
    rows: summary.totals.map((m) => [systemName(summary, locale), period, metricLabel(t, m.metric), formatNumber(m.value), m.previous ? formatNumber(m.previous) : "", formatChange(m.change) ?? ""]),
    numeric: [3, 4],
  };
  for (const { channel, uptime } of summary.uptime) {
    totals.rows.push([systemName(summary, locale), period, `${t("usage.summary.uptime")}${channel === "total" ? "" : `（${channel}）`}`, `${uptime.shown}%`, "", summary.system.sla ? `SLA ${summary.system.sla.toFixed()}%` : ""]);
  }
  const metrics = COUNT_METRICS.filter((m) => summary.bodies.some((b) => b.values.has(m)));
  const bodies: ExportTable = {
    name: t("usage.export.bodiesSheet"),
    columns: [t("usage.export.code"), t("usage.summary.body"), ...metrics.flatMap((m) => [`${metricLabel(t, m)} ${period}`, `${metricLabel(t, m)} ${previous}`])],
    rows: summary.bodies.map((b) => [b.code ?? "", b.name, ...metrics.flatMap((m) => [b.values.get(m) ? formatNumber(b.values.get(m)!) : "", b.previous.get(m) ? formatNumber(b.previous.get(m)!) : ""])]),
    numeric: metrics.flatMap((_, i) => [2 + i * 2, 3 + i * 2]),
  };
  const tables = [totals, bodies];
  if (summary.months.length > 0 && summary.headline) {
    tables.push({
      name: t("usage.export.monthsSheet"),
      columns: [t("usage.summary.monthColumn"), `${metricLabel(t, summary.headline)} ${period}`, `${metricLabel(t, summary.headline)} ${previous}`],
      rows: summary.months.map((m) => [t("usage.summary.month", { month: m.month }), m.value ? formatNumber(m.value) : "", m.previous ? formatNumber(m.previous) : ""]),
      numeric: [1, 2],
    });
  }
  return tables;
}

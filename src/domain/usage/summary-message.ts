// The usage summary as a chat message in one language: the totals with year-on-year change, uptime against
// the SLA, and a short table by body (or by month) that carries a bar chart of the headline metric. Slack
// draws the chart as an image, LINE as Flex bars, text as a bar column; all from the same numbers.
import { translator, type Translate } from "../../engine/i18n.ts";
import type { Block, ChartData, OutboundMessage } from "../../engine/messages.ts";
import { formatFiscalYear } from "../../lib/japanese/era.ts";
import { Dec, formatNumber } from "../../lib/yen.ts";
import type { Metric } from "./metrics.ts";
import { periodLabel, previousYear, type Period } from "./period.ts";
import type { BodyRow, UsageSummary } from "./usage-summary.ts";

/** Up to this many bodies the table lists all; beyond, the largest ones and a line for the rest. */
export const SHORT_TABLE_ROWS = 15;
const TOP_ROWS = 10;
const TABLE_METRICS = 3;

export function formatChange(change: Dec | undefined): string | undefined {
  if (!change) return undefined;
  if (change.isZero()) return "±0.0%";
  return `${change.isPositive() ? "+" : "−"}${change.abs().toFixed(1)}%`;
}

export function systemName(summary: UsageSummary, locale: "ja" | "en"): string {
  return locale === "en" && summary.system.nameEn ? summary.system.nameEn : summary.system.name;
}

export function labelOf(period: Period, locale: "ja" | "en"): string {
  return periodLabel(period, locale, formatFiscalYear);
}

export function metricLabel(t: Translate, metric: Metric): string {
  return t(`usage.metrics.${metric}`);
}

function shortRows(rows: BodyRow[], headline: Metric): { shown: BodyRow[]; rest: BodyRow[] } {
  if (rows.length <= SHORT_TABLE_ROWS) return { shown: rows, rest: [] };
  const ranked = [...rows].sort((a, b) => (b.values.get(headline) ?? new Dec(0)).cmp(a.values.get(headline) ?? new Dec(0)));
  return { shown: ranked.slice(0, TOP_ROWS), rest: ranked.slice(TOP_ROWS) };
}

const num = (value: Dec | undefined) => (value ? formatNumber(value) : "—");
const chartValue = (value: Dec | undefined) => (value ? value.toNumber() : null);

export function summaryMessage(summary: UsageSummary, locale: "ja" | "en"): OutboundMessage {
  const t = translator(locale);
  const system = systemName(summary, locale);
  const period = labelOf(summary.period, locale);
  const previous = labelOf(previousYear(summary.period), locale);
  const title = t("usage.summary.title", { system, period });
  const blocks: Block[] = [{ type: "header", text: title }];
  const lines: string[] = [title];

  if (summary.totals.length === 0 && summary.uptime.length === 0) {
    const none = t("usage.summary.noFigures", { system, period });
    return { text: none, blocks: [...blocks, { type: "text", text: none }] };
  }
  const fields = summary.totals.map((total) => {
    const change = formatChange(total.change);
    const value = `${t("usage.summary.amount", { value: num(total.value), unit: t(`usage.units.${total.metric}`) })}${change ? t("usage.summary.change", { change, previous }) : ""}`;
    lines.push(`${metricLabel(t, total.metric)}: ${value}`);
    return { label: metricLabel(t, total.metric), value };
  });
  for (const { channel, uptime } of summary.uptime) {
    const label = channel === "total" ? t("usage.summary.uptime") : `${t("usage.summary.uptime")}（${channel}）`;
    const sla = summary.system.sla
      ? t(uptime.meetsSla ? "usage.summary.slaMet" : "usage.summary.slaMissed", { sla: summary.system.sla.toFixed() })
      : "";
    const value = `${uptime.shown}%${sla}`;
    lines.push(`${label}: ${value}`);
    fields.push({ label, value });
  }
  if (fields.length > 0) blocks.push({ type: "fields", fields });
  const breakdown = summary.channels.filter((c) => c.metric === summary.headline);
  if (summary.headline && breakdown.length > 0) {
    const text = `${metricLabel(t, summary.headline)}: ${breakdown.map((c) => `${t(`usage.channels.${c.channel}`, { defaultValue: c.channel })} ${num(c.value)}`).join(" / ")}`;
    blocks.push({ type: "context", text });
    lines.push(text);
  }

  const headline = summary.headline;
  if (headline && summary.bodies.length > 0) {
    const metrics = summary.totals.map((m) => m.metric).slice(0, TABLE_METRICS);
    const { shown, rest } = shortRows(summary.bodies, headline);
    const rows = shown.map((r) => [r.name, ...metrics.map((m) => num(r.values.get(m)))]);
    const categories = shown.map((r) => r.name);
    const current = shown.map((r) => chartValue(r.values.get(headline)));
    const before = shown.map((r) => chartValue(r.previous.get(headline)));
    if (rest.length > 0) {
      const restSum = (m: Metric) =>
        rest.reduce<Dec | undefined>((acc, r) => (r.values.get(m) ? (acc ?? new Dec(0)).plus(r.values.get(m)!) : acc), undefined);
      rows.push([t("usage.summary.others", { count: rest.length }), ...metrics.map((m) => num(restSum(m)))]);
      categories.push(t("usage.summary.others", { count: rest.length }));
      current.push(chartValue(restSum(headline)));
      before.push(
        chartValue(
          rest.reduce<Dec | undefined>(
            (acc, r) => (r.previous.get(headline) ? (acc ?? new Dec(0)).plus(r.previous.get(headline)!) : acc),
            undefined,
          ),
        ),
      );
    }
    const series = [{ name: period, values: current }, ...(before.some((v) => v !== null) ? [{ name: previous, values: before }] : [])];
    const chart: ChartData = {
      title: t("usage.summary.chartTitle", { system, metric: metricLabel(t, headline), period }),
      unit: t(`usage.units.${headline}`),
      categories,
      series,
    };
    blocks.push({
      type: "table",
      caption: t("usage.summary.byBody"),
      columns: [t("usage.summary.body"), ...metrics.map((m) => metricLabel(t, m))],
      rows,
      chart,
    });
  } else if (headline && summary.months.length > 0) {
    const monthName = (m: number) => t("usage.summary.month", { month: m });
    const rows = summary.months.map((m) => [monthName(m.month), num(m.value), num(m.previous)]);
    const series = [
      { name: period, values: summary.months.map((m) => chartValue(m.value)) },
      ...(summary.months.some((m) => m.previous) ? [{ name: previous, values: summary.months.map((m) => chartValue(m.previous)) }] : []),
    ];
    const chart: ChartData = {
      title: t("usage.summary.chartTitle", { system, metric: metricLabel(t, headline), period }),
      unit: t(`usage.units.${headline}`),
      categories: summary.months.map((m) => monthName(m.month)),
      series,
    };
    blocks.push({
      type: "table",
      caption: t("usage.summary.byMonth"),
      columns: [t("usage.summary.monthColumn"), period, previous],
      rows,
      chart,
    });
  }
  return { text: lines.join("\n"), blocks };
}

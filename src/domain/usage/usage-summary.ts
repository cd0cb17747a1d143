// A usage summary of one system for a month or a fiscal year, with the same period a year earlier: the
// totals per metric with their year-on-year change, the breakdown by channel, each body's figures,
// months of the year for the headline metric, and uptime against the SLA. Every channel (chat, chart,
// CSV, XLSX) is rendered from this one structure, so they always show the same numbers.
import type { DbOrTx } from "../../storage/database.ts";
import { DomainError } from "../errors.ts";
import { Dec } from "../../lib/yen.ts";
import { changePercent, channelTotals, grandTotal, totalOf, valuesFor, type FigureRow } from "./aggregate.ts";
import { findSystem } from "./find-system.ts";
import { COUNT_METRICS, type Metric } from "./metrics.ts";
import { FISCAL_MONTHS, previousYear, type Period } from "./period.ts";
import { uptime, type Uptime } from "./uptime.ts";
import { compareBodies } from "./body-order.ts";

export interface MetricTotal {
  metric: Metric;
  value: Dec;
  previous?: Dec;
  change?: Dec;
}

export interface BodyRow {
  bodyKey: string;
  code: string | null;
  name: string;
  values: Map<Metric, Dec>;
  previous: Map<Metric, Dec>;
  /** the 内訳: each metric's figures by channel (staff terminal, internet…; individual, group), without the total */
  channels: Map<Metric, Map<string, Dec>>;
}

export interface UsageSummary {
  system: { slug: string; name: string; nameEn: string | null; sla: Dec | undefined };
  period: Period;
  totals: MetricTotal[];
  headline: Metric | undefined;
  channels: Array<{ metric: Metric; channel: string; value: Dec }>;
  bodies: BodyRow[];
  /** the headline metric by month (fiscal-year summaries with monthly data) */
  months: Array<{ month: number; value: Dec | undefined; previous: Dec | undefined }>;
  uptime: Array<{ channel: string; uptime: Uptime }>;
}

export interface SummarySystem {
  slug: string;
  name: string;
  nameEn: string | null;
  slaPercent: string | null;
}

/** Pure: the summary from the figures of the period's fiscal year and the one before. */
export function summarize(
  system: SummarySystem,
  period: Period,
  figures: FigureRow[],
  bodies: Map<string, { code: string | null; name: string }>,
): UsageSummary {
  const current = valuesFor(figures, period);
  const before = valuesFor(figures, previousYear(period));
  const totals: MetricTotal[] = [];
  for (const metric of COUNT_METRICS) {
    const value = grandTotal(current, metric);
    if (!value) continue;
    const previous = grandTotal(before, metric);
    totals.push({ metric, value, previous, change: changePercent(value, previous) });
  }
  const headline = totals[0]?.metric;
  const channels = totals.flatMap((t) =>
    [...channelTotals(current, t.metric)].map(([channel, value]) => ({ metric: t.metric, channel, value })),
  );

  const rows: BodyRow[] = [];
  for (const [bodyKey, byMetric] of current) {
    if (bodyKey === "*") continue;
    const values = new Map<Metric, Dec>();
    const previous = new Map<Metric, Dec>();
    const channels = new Map<Metric, Map<string, Dec>>();
    for (const metric of COUNT_METRICS) {
      const v = totalOf(byMetric.get(metric));
      if (v) values.set(metric, v);
      const split = [...(byMetric.get(metric) ?? [])].filter(([channel]) => channel !== "total");
      if (split.length > 0) channels.set(metric, new Map(split));
      const p = totalOf(before.get(bodyKey)?.get(metric));
      if (p) previous.set(metric, p);
    }
    if (values.size === 0) continue;
    const body = bodies.get(bodyKey);
    rows.push({ bodyKey, code: body?.code ?? null, name: body?.name ?? bodyKey, values, previous, channels });
  }
  rows.sort(compareBodies);

  const months: UsageSummary["months"] = [];
  if (period.month === 0 && headline) {
    for (const month of FISCAL_MONTHS) {
      const value = grandTotal(valuesFor(figures, { fiscalYear: period.fiscalYear, month }), headline);
      const previous = grandTotal(valuesFor(figures, { fiscalYear: period.fiscalYear - 1, month }), headline);
      months.push({ month, value, previous });
    }
    if (months.every((m) => m.value === undefined)) months.length = 0;
  }

  const sla = system.slaPercent ? new Dec(system.slaPercent) : undefined;
  const hours = new Map<string, { scheduled: Dec; outage: Dec }>();
  for (const byMetric of current.values()) {
    for (const [channel, value] of byMetric.get("scheduled_hours") ?? []) {
      const h = hours.get(channel) ?? { scheduled: new Dec(0), outage: new Dec(0) };
      h.scheduled = h.scheduled.plus(value);
      hours.set(channel, h);
    }
    for (const [channel, value] of byMetric.get("outage_hours") ?? []) {
      const h = hours.get(channel) ?? { scheduled: new Dec(0), outage: new Dec(0) };
      h.outage = h.outage.plus(value);
      hours.set(channel, h);
    }
  }
  const uptimes = [...hours].flatMap(([channel, h]) => {
    const u = uptime(h.scheduled, h.outage, sla);
    return u ? [{ channel, uptime: u }] : [];
  });
  return {
    system: { slug: system.slug, name: system.name, nameEn: system.nameEn, sla },
    period,
    totals,
    headline,
    channels,
    bodies: rows,
    months,
    uptime: uptimes,
  };
}

/** The latest period with figures: the latest fiscal year (whole) unless asked for a month. */
export async function latestPeriod(db: DbOrTx, systemId: string): Promise<Period | undefined> {
  const last = await db.usageFigure.findFirst({ where: { systemId }, orderBy: [{ fiscalYear: "desc" }], select: { fiscalYear: true } });
  return last ? { fiscalYear: last.fiscalYear, month: 0 } : undefined;
}

export async function loadUsageSummary(db: DbOrTx, councilId: string, systemQuery: string, period?: Period): Promise<UsageSummary> {
  const system = await findSystem(db, councilId, systemQuery);
  const chosen = period ?? (await latestPeriod(db, system.id));
  if (!chosen) throw new DomainError("usage.summary.noData", { system: system.name });
  const figures = await db.usageFigure.findMany({
    where: { systemId: system.id, fiscalYear: { in: [chosen.fiscalYear, chosen.fiscalYear - 1] } },
    select: { bodyKey: true, fiscalYear: true, month: true, metric: true, channel: true, value: true },
  });
  const bodies = await db.body.findMany({ where: { councilId }, select: { id: true, code: true, name: true } });
  return summarize(system, chosen, figures, new Map(bodies.map((b) => [b.id, { code: b.code, name: b.name }])));
}

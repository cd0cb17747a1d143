// Pure aggregation of usage figures into one period's values. Rules, so every channel and export agree:
// - a month is its own figure;
// - a fiscal year is the sum of its months for flows (applications, reservations) and the last month
//   reported for levels (registered users, procedures, facilities); a figure entered for the whole year
//   (month 0) is used only when no month of that year was reported, so nothing is counted twice;
// - a total is the figure reported as total, or else the sum of its channels.
import { Dec } from "../../lib/yen.ts";
import { STOCK_METRICS, type Metric } from "./metrics.ts";
import { FISCAL_MONTHS, type Period } from "./period.ts";

export interface FigureRow {
  bodyKey: string;
  fiscalYear: number;
  month: number;
  metric: string;
  channel: string;
  value: string;
}

/** body → metric → channel → value for one period. */
export type PeriodValues = Map<string, Map<Metric, Map<string, Dec>>>;

function fiscalIndex(month: number): number {
  return FISCAL_MONTHS.indexOf(month as (typeof FISCAL_MONTHS)[number]);
}

export function valuesFor(figures: FigureRow[], period: Period): PeriodValues {
  type Group = { months: Map<number, Dec>; annual?: Dec; bodyKey: string; metric: Metric; channel: string };
  const groups = new Map<string, Group>();
  for (const f of figures) {
    if (f.fiscalYear !== period.fiscalYear) continue;
    if (period.month !== 0 && f.month !== period.month) continue;
    const key = `${f.bodyKey}|${f.metric}|${f.channel}`;
    const group: Group = groups.get(key) ?? { months: new Map(), bodyKey: f.bodyKey, metric: f.metric as Metric, channel: f.channel };
    if (f.month === 0) group.annual = new Dec(f.value);
    else group.months.set(f.month, new Dec(f.value));
    groups.set(key, group);
  }
  const out: PeriodValues = new Map();
  for (const g of groups.values()) {
    let value: Dec | undefined;
    if (g.months.size > 0) {
      if (STOCK_METRICS.includes(g.metric)) {
        const last = [...g.months.keys()].sort((a, b) => fiscalIndex(b) - fiscalIndex(a))[0]!;
        value = g.months.get(last)!;
      } else {
        value = [...g.months.values()].reduce((acc, v) => acc.plus(v), new Dec(0));
      }
    } else if (period.month === 0) {
      value = g.annual;
    }
    if (value === undefined) continue;
    const byMetric = out.get(g.bodyKey) ?? new Map<Metric, Map<string, Dec>>();
    const byChannel = byMetric.get(g.metric) ?? new Map<string, Dec>();
    byChannel.set(g.channel, value);
    byMetric.set(g.metric, byChannel);
    out.set(g.bodyKey, byMetric);
  }
  return out;
}

/** The total of one metric for one body: the reported total, or the sum of its channels. */
export function totalOf(channels: Map<string, Dec> | undefined): Dec | undefined {
  if (!channels || channels.size === 0) return undefined;
  const total = channels.get("total");
  if (total) return total;
  return [...channels.values()].reduce((acc, v) => acc.plus(v), new Dec(0));
}

/** A metric's total over all bodies (and the system-wide figures), or undefined when nothing was reported. */
export function grandTotal(values: PeriodValues, metric: Metric): Dec | undefined {
  let sum: Dec | undefined;
  for (const byMetric of values.values()) {
    const t = totalOf(byMetric.get(metric));
    if (t) sum = (sum ?? new Dec(0)).plus(t);
  }
  return sum;
}

/** A metric's breakdown by channel over all bodies (channels other than total). */
export function channelTotals(values: PeriodValues, metric: Metric): Map<string, Dec> {
  const out = new Map<string, Dec>();
  for (const byMetric of values.values()) {
    for (const [channel, value] of byMetric.get(metric) ?? []) {
      if (channel === "total") continue;
      out.set(channel, (out.get(channel) ?? new Dec(0)).plus(value));
    }
  }
  return out;
}

/** Year-on-year change in percent, one decimal; undefined without a comparable previous figure. */
export function changePercent(current: Dec, previous: Dec | undefined): Dec | undefined {
  if (!previous || previous.isZero()) return undefined;
  return current.minus(previous).div(previous).mul(100).toDecimalPlaces(1, Dec.ROUND_HALF_UP);
}

// Text bars for a chart, for terminals, e-mail and any platform without images: one bar per category,
// scaled to the largest value, drawn with eighth blocks so small differences still show.
import type { ChartData } from "../../engine/messages.ts";

const EIGHTHS = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];

export function textBar(value: number | null, max: number, width: number): string {
  if (value === null || max <= 0 || value <= 0) return "";
  const eighths = Math.round((value / max) * width * 8);
  return "█".repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8]! || "▏";
}

/** Bars of the chart's first series, one per category, in category order. */
export function chartBars(chart: ChartData, width = 16): string[] {
  const values = chart.series[0]?.values ?? [];
  const max = Math.max(0, ...values.map((v) => v ?? 0));
  return chart.categories.map((_, i) => textBar(values[i] ?? null, max, width));
}

/** Relative bar lengths (0–100) per category and series, for renderers that lay out boxes (LINE Flex). */
export function chartRatios(chart: ChartData): number[][] {
  const max = Math.max(0, ...chart.series.flatMap((s) => s.values.map((v) => v ?? 0)));
  return chart.series.map((s) => s.values.map((v) => (max > 0 && v !== null && v > 0 ? Math.max(1, Math.round((v / max) * 100)) : 0)));
}

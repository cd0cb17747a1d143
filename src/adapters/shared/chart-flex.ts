// A chart as LINE Flex components (plain JSON, so this file needs neither the LINE SDK nor domain code):
// one row per category with its label, a bar whose width is its share of the largest value, and the
// value. A second series (the year before) is a thinner grey bar under the first. The LINE renderer puts
// the returned box into its bubble body where the table block would go.
import type { ChartData } from "../../engine/messages.ts";
import { chartRatios } from "./chart-bars.ts";

/** Flex bubbles stay small; the table beside the chart lists every row in any case. */
export const FLEX_CHART_MAX_ROWS = 20;
const COLORS = ["#2f6fb5", "#b9c3cf"];

type FlexJson = Record<string, unknown>;

function bar(ratio: number, color: string, height: string): FlexJson {
  // A zero-width box is rejected by LINE; an empty bar is a transparent filler instead.
  return {
    type: "box",
    layout: "vertical",
    height,
    contents: [
      {
        type: "box",
        layout: "vertical",
        width: `${Math.max(ratio, 1)}%`,
        height,
        backgroundColor: ratio > 0 ? color : "#00000000",
        contents: [],
      },
    ],
  };
}

export function chartFlexBox(chart: ChartData): FlexJson {
  const ratios = chartRatios(chart);
  const rows = chart.categories.slice(0, FLEX_CHART_MAX_ROWS).map((label, i) => {
    const value = chart.series[0]?.values[i];
    return {
      type: "box",
      layout: "horizontal",
      spacing: "sm",
      contents: [
        { type: "text", text: label || "-", size: "xs", flex: 3, wrap: false, color: "#333333" },
        {
          type: "box",
          layout: "vertical",
          flex: 5,
          spacing: "xs",
          justifyContent: "center",
          contents: ratios.map((series, s) => bar(series[i] ?? 0, COLORS[s % COLORS.length]!, s === 0 ? "10px" : "5px")),
        },
        {
          type: "text",
          text: value === null || value === undefined ? "—" : value.toLocaleString("ja-JP"),
          size: "xs",
          flex: 3,
          align: "end",
          color: "#333333",
        },
      ],
    };
  });
  const legend =
    chart.series.length > 1
      ? [{ type: "text", text: chart.series.map((s, i) => `${i === 0 ? "■" : "□"} ${s.name}`).join("  "), size: "xxs", color: "#888888" }]
      : [];
  return {
    type: "box",
    layout: "vertical",
    spacing: "sm",
    contents: [
      { type: "text", text: `${chart.title}${chart.unit ? `（${chart.unit}）` : ""}`, weight: "bold", size: "sm", wrap: true },
      ...legend,
      ...rows,
    ],
  };
}

// Draws a neutral chart (engine/messages.ts ChartData) as a PNG, for platforms that show images (Slack)
// and for exports. ECharts lays the chart out as SVG on the server (no browser, no canvas), and resvg
// turns the SVG into pixels with a Japanese font, so labels such as 匝瑳市 or 袖ケ浦市 show as glyphs and
// not as empty boxes.
//
// The font comes from, in order: KYODO_CHART_FONT (a .ttf/.otf/.ttc path), the Noto Sans JP TTF shipped in
// the npm package @expo-google-fonts/noto-sans-jp (installed with Kyodo, works offline), or a system CJK
// font (Debian fonts-noto-cjk / fonts-ipafont / fonts-ipaexfont, macOS Hiragino, Windows Yu Gothic). If
// none is found, rendering fails with a message naming what to install rather than drawing boxes.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { Resvg } from "@resvg/resvg-js";
import type * as EChartsModule from "echarts";
import type { ChartData } from "../../engine/messages.ts";
import { UserError } from "../../lib/user-error.ts";

export interface ChartFont {
  path: string;
  family: string;
}

const SYSTEM_FONTS: ChartFont[] = [
  { path: "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", family: "Noto Sans CJK JP" },
  { path: "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf", family: "IPAexGothic" },
  { path: "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf", family: "IPAGothic" },
  { path: "/usr/share/fonts/truetype/fonts-japanese-gothic.ttf", family: "IPAGothic" },
  { path: "/System/Library/Fonts/ヒラギノ角ゴシック W3.ttc", family: "Hiragino Sans" },
  { path: "C:\\Windows\\Fonts\\YuGothR.ttc", family: "Yu Gothic" },
  { path: "C:\\Windows\\Fonts\\msgothic.ttc", family: "MS Gothic" },
];

function bundledFont(): ChartFont | undefined {
  try {
    const require = createRequire(import.meta.url);
    const path = require.resolve("@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf");
    return existsSync(path) ? { path, family: "Noto Sans JP" } : undefined;
  } catch {
    return undefined;
  }
}

let cached: ChartFont | undefined;

/** The Japanese font charts are drawn with; throws usage.chart.fontMissing when there is none. */
export function findChartFont(env: Record<string, string | undefined> = process.env): ChartFont {
  const configured = env.KYODO_CHART_FONT;
  if (configured) {
    if (!existsSync(configured)) throw new UserError("usage.chart.fontMissing", { tried: configured });
    return { path: configured, family: env.KYODO_CHART_FONT_FAMILY ?? "sans-serif" };
  }
  cached ??= bundledFont() ?? SYSTEM_FONTS.find((f) => existsSync(f.path));
  if (!cached)
    throw new UserError("usage.chart.fontMissing", {
      tried: ["@expo-google-fonts/noto-sans-jp", ...SYSTEM_FONTS.map((f) => f.path)].join(", "),
    });
  return cached;
}

export interface ChartImage {
  png: Buffer;
  width: number;
  height: number;
  /** raw RGBA pixels, for checks (tests measure that labels were drawn) */
  pixels: Buffer;
}

const COLORS = ["#2f6fb5", "#b9c3cf"];

function formatValue(value: number): string {
  return value.toLocaleString("ja-JP");
}

/** ECharts options: horizontal bars for many or long labels (bodies), vertical bars for months. */
export function chartOptions(chart: ChartData, font: ChartFont): { options: Record<string, unknown>; width: number; height: number } {
  const horizontal = chart.categories.length > 12 || chart.categories.some((c) => c.length > 4);
  const width = 900;
  const height = horizontal ? Math.max(320, 124 + chart.categories.length * (chart.series.length > 1 ? 30 : 22)) : 480;
  const labels = chart.categories.length <= 30;
  const categoryAxis = {
    type: "category",
    data: chart.categories,
    inverse: horizontal,
    axisLabel: { fontSize: 12, interval: 0 },
    axisTick: { show: false },
  };
  const valueAxis = { type: "value", axisLabel: { formatter: formatValue, fontSize: 11 }, splitLine: { lineStyle: { color: "#e6e9ee" } } };
  const options = {
    animation: false,
    backgroundColor: "#ffffff",
    textStyle: { fontFamily: font.family },
    title: {
      text: chart.title,
      subtext: chart.unit ? `(${chart.unit})` : "",
      left: 16,
      top: 10,
      itemGap: 4,
      textStyle: { fontSize: 17, fontWeight: "normal", fontFamily: font.family },
      subtextStyle: { fontSize: 11, color: "#666", fontFamily: font.family },
    },
    legend: chart.series.length > 1 ? { top: 14, right: 16, textStyle: { fontFamily: font.family } } : undefined,
    grid: { left: 16, right: 56, top: 70, bottom: 16, containLabel: true },
    xAxis: horizontal ? valueAxis : categoryAxis,
    yAxis: horizontal ? categoryAxis : valueAxis,
    series: chart.series.map((s, i) => ({
      type: "bar",
      name: s.name,
      data: s.values,
      itemStyle: { color: COLORS[i % COLORS.length] },
      barMaxWidth: 28,
      label: {
        show: labels && i === 0,
        position: horizontal ? "right" : "top",
        fontSize: 11,
        formatter: (p: { value: number | null }) => (p.value === null ? "" : formatValue(p.value)),
      },
    })),
  };
  return { options, width, height };
}

/** Renders any SVG with the chart font (also used by tests to draw a single label). */
export function renderSvg(svg: string, font: ChartFont = findChartFont()): ChartImage {
  const rendered = new Resvg(svg, {
    background: "#ffffff",
    font: { fontFiles: [font.path], loadSystemFonts: false, defaultFontFamily: font.family, sansSerifFamily: font.family },
  }).render();
  return { png: rendered.asPng(), width: rendered.width, height: rendered.height, pixels: rendered.pixels };
}

// ECharts takes about half a second to load; every Kyodo start would pay it for a chart that may never be
// drawn, so it is loaded on the first chart instead.
let echartsModule: typeof EChartsModule | undefined;
function echartsLibrary(): typeof EChartsModule {
  echartsModule ??= createRequire(import.meta.url)("echarts") as typeof EChartsModule;
  return echartsModule;
}

export function chartSvg(chart: ChartData, font: ChartFont = findChartFont()): { svg: string; width: number; height: number } {
  const { options, width, height } = chartOptions(chart, font);
  const instance = echartsLibrary().init(null, null, { renderer: "svg", ssr: true, width, height });
  try {
    instance.setOption(options);
    return { svg: instance.renderToSVGString(), width, height };
  } finally {
    // An undisposed server-side instance keeps a timer alive and would hold the process open.
    instance.dispose();
  }
}

/** The chart as a PNG image. */
export function renderChartPng(chart: ChartData, font: ChartFont = findChartFont()): ChartImage {
  return renderSvg(chartSvg(chart, font).svg, font);
}

/** A short text description of the chart, for alt text (screen readers, notifications). */
export function chartAltText(chart: ChartData): string {
  const first = chart.series[0];
  const items = chart.categories
    .slice(0, 5)
    .map((c, i) => `${c} ${first?.values[i] === null || first?.values[i] === undefined ? "—" : formatValue(first.values[i])}${chart.unit}`);
  return `${chart.title}: ${items.join(", ")}${chart.categories.length > 5 ? " …" : ""}`;
}

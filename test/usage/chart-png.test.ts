// Charts rendered to PNG really show Japanese: the image is a PNG of the expected size with ink on it,
// and labels are glyphs, not "tofu" boxes — two different names render differently (tofu boxes would be
// identical), each label leaves ink where it is drawn, and the same chart renders the same pixels.
import { describe, expect, it } from "vitest";
import { chartAltText, chartSvg, findChartFont, renderChartPng, renderSvg, type ChartImage } from "../../src/adapters/shared/chart-png.ts";
import { chartFlexBox } from "../../src/adapters/shared/chart-flex.ts";
import { renderPlainText } from "../../src/adapters/shared/render-plain-text.ts";
import type { ChartData } from "../../src/engine/messages.ts";
import { UserError } from "../../src/lib/user-error.ts";

const chart: ChartData = {
  title: "施設予約システム 予約登録数（平成29年度）",
  unit: "件",
  categories: ["千葉県", "千葉市", "匝瑳市", "袖ケ浦市"],
  series: [
    { name: "平成29年度", values: [16523, 470425, null, 48014] },
    { name: "平成28年度", values: [15000, 460000, 100, 47000] },
  ],
};

/** Dark pixels (text, bars) in a region of the image. */
function ink(image: ChartImage, region = { x: 0, y: 0, w: image.width, h: image.height }): number {
  let count = 0;
  for (let y = region.y; y < region.y + region.h; y++) {
    for (let x = region.x; x < region.x + region.w; x++) {
      const i = (y * image.width + x) * 4;
      if (image.pixels[i]! + image.pixels[i + 1]! + image.pixels[i + 2]! < 3 * 160) count += 1;
    }
  }
  return count;
}

const label = (text: string) =>
  renderSvg(
    `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60"><text x="10" y="42" font-size="32" font-family="sans-serif" fill="#000">${text}</text></svg>`,
  );

describe("chart PNG", () => {
  it("is a PNG of the laid-out size, not empty", () => {
    const image = renderChartPng(chart);
    expect(image.png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(image.png.readUInt32BE(16)).toBe(image.width);
    expect(image.png.readUInt32BE(20)).toBe(image.height);
    expect(image.width).toBe(900);
    expect(image.png.length).toBeGreaterThan(10_000);
    const coverage = ink(image) / (image.width * image.height);
    expect(coverage).toBeGreaterThan(0.01);
    expect(coverage).toBeLessThan(0.6);
  });

  it("draws Japanese glyphs: different names render differently, and each leaves ink", () => {
    const a = label("千葉市");
    const b = label("銚子市");
    const c = label("匝瑳市");
    for (const image of [a, b, c]) expect(ink(image)).toBeGreaterThan(150);
    // Missing glyphs would all be the same empty box; real glyphs differ.
    expect(a.pixels.equals(b.pixels)).toBe(false);
    expect(b.pixels.equals(c.pixels)).toBe(false);
    // The same text renders identically (so the difference above is the glyphs, not noise).
    expect(label("千葉市").pixels.equals(a.pixels)).toBe(true);
    // A kanji is denser than a dot: the glyph is really there.
    expect(ink(label("議"))).toBeGreaterThan(ink(label("・")) * 3);
  });

  it("puts the Japanese title and labels into the chart image itself", () => {
    const withTitle = renderChartPng(chart);
    const other = renderChartPng({ ...chart, title: "電子申請システム 申請件数（令和7年度）" });
    // Only the title differs; the top strip of the image differs, the bars do not.
    const top = { x: 0, y: 0, w: 900, h: 40 };
    expect(ink(withTitle, top)).toBeGreaterThan(300);
    expect(ink(withTitle, top)).not.toBe(ink(other, top));
    const svg = chartSvg(chart).svg;
    expect(svg).toContain("袖ケ浦市");
    expect(svg).toContain("470,425");
  });

  it("says clearly what to install when no Japanese font can be found", () => {
    expect(() => findChartFont({ KYODO_CHART_FONT: "/nonexistent/font.ttf" })).toThrow(UserError);
    try {
      findChartFont({ KYODO_CHART_FONT: "/nonexistent/font.ttf" });
    } catch (error) {
      expect((error as UserError).key).toBe("usage.chart.fontMissing");
    }
  });

  it("has the same numbers as text bars, LINE Flex bars and alt text", () => {
    const text = renderPlainText(
      {
        text: "",
        blocks: [
          {
            type: "table",
            columns: ["団体", "件数"],
            rows: chart.categories.map((c, i) => [c, String(chart.series[0]!.values[i] ?? "—")]),
            chart,
          },
        ],
      },
      { numberChoices: false },
    );
    expect(text.split("\n")[3]).toMatch(/^千葉市\s+470425\s+█{16}$/);
    const flex = JSON.stringify(chartFlexBox(chart));
    expect(flex).toContain("470,425");
    expect(flex).toContain('"width":"100%"');
    expect(chartAltText(chart)).toContain("千葉市 470,425件");
  });
});

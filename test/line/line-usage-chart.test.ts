// The usage summary on LINE, end to end: a linked member asks for 利用状況 by webhook and the Flex card
// that reaches the (fake) LINE API carries a bar chart above the table, with the same bodies and the
// same figures as the table, within LINE's Flex limits (the fake refuses anything over them).
import type { messagingApi } from "@line/bot-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadUsageMoneyDemo } from "../../src/demo/usage-money/load-usage-money-demo.ts";
import { summaryMessage } from "../../src/domain/usage/summary-message.ts";
import { loadUsageSummary } from "../../src/domain/usage/usage-summary.ts";
import { parsePeriod } from "../../src/domain/usage/period.ts";
import { renderFlexCard } from "../../src/adapters/shared/flex-card.ts";
import { LINE_LIMITS } from "../../src/adapters/line/limits.ts";
import type { Block, ChartData } from "../../src/engine/messages.ts";
import { deliveredText, flexOf, readable, startLineKyodo, type LineKyodo } from "./support/line-kyodo.ts";
import { textEvent } from "./support/line-webhook.ts";

type FlexBox = messagingApi.FlexBox;
type FlexComponent = messagingApi.FlexComponent;

let t: LineKyodo;
beforeAll(async () => {
  t = await startLineKyodo();
  await loadUsageMoneyDemo(t.kyodo.db, t.kyodo.council.id);
  await t.send(textEvent({ userId: "U-sato", text: `link ${await t.kyodo.codeFor("sato")}` }));
  expect(deliveredText(t.line.deliveries)).toContain("連携しました");
  t.line.reset();
});
afterAll(async () => {
  await t.dispose();
});

/** Every box in a Flex container, depth first (bubbles' header, hero, body and footer included). */
function boxes(node: unknown, found: FlexBox[] = []): FlexBox[] {
  if (!node || typeof node !== "object") return found;
  const n = node as { type?: unknown };
  if (n.type === "box") found.push(n as FlexBox);
  for (const value of Object.values(n)) if (typeof value === "object") boxes(value, found);
  return found;
}

/** The text of a text component, or undefined for any other component (or none). */
const textIn = (c: FlexComponent | undefined) => (c?.type === "text" ? c.text : undefined);
/** The text a box opens with: a chart's title, a table's heading. */
const firstText = (b: FlexBox) => textIn(b.contents[0]);
const isBox = (c: FlexComponent | undefined): c is FlexBox => c?.type === "box";

/** The chart's rows as drawn: label, bar widths (one per series) and the value shown. */
function chartRows(chartBox: FlexBox): Array<{ label?: string; bars: Array<string | undefined>; value?: string }> {
  return chartBox.contents
    .filter((c) => isBox(c) && c.layout === "horizontal")
    .map((row) => {
      const [label, bars, value] = isBox(row) ? row.contents : [];
      const barBoxes = isBox(bars) ? bars.contents.filter(isBox) : [];
      return {
        label: textIn(label),
        bars: barBoxes.map((b) => (isBox(b.contents[0]) ? b.contents[0].width : undefined)),
        value: textIn(value),
      };
    });
}

async function expectedChart(system: string, period: string): Promise<ChartData> {
  const summary = await loadUsageSummary(t.kyodo.db, t.kyodo.council.id, system, parsePeriod(period));
  const table = summaryMessage(summary, "ja").blocks.find((b) => b.type === "table");
  if (table?.type !== "table" || !table.chart) throw new Error("the summary has no chart");
  return table.chart;
}

describe("usage chart on LINE", () => {
  it("a member's 利用状況 answers with a Flex bar chart above the table, with the table's bodies and figures", async () => {
    await t.send(textEvent({ userId: "U-sato", text: "利用状況 施設予約 平成29年度" }));
    expect(t.line.deliveries).toHaveLength(1);
    const message = flexOf(t.line.deliveries[0]!.messages[0]);
    expect(message.altText).toContain("施設予約システム");

    const expected = await expectedChart("施設予約", "平成29年度");
    const bubbles = message.contents.type === "carousel" ? message.contents.contents : [message.contents];
    for (const bubble of bubbles) expect(Buffer.byteLength(JSON.stringify(bubble))).toBeLessThan(30 * 1024);
    const all = bubbles.flatMap((b) => boxes(b.body));
    const chartBox = all.find((b) => firstText(b) === `${expected.title}（${expected.unit}）`);
    expect(chartBox, "the chart box with its title").toBeDefined();

    const rows = chartRows(chartBox!);
    expect(rows.map((r) => r.label)).toEqual(expected.categories);
    expect(rows.map((r) => r.value)).toEqual(expected.series[0]!.values.map((v) => (v === null ? "—" : v.toLocaleString("ja-JP"))));
    // The demo's known figure, as in the console transcript.
    expect(rows.find((r) => r.label === "千葉市")?.value).toBe("470,425");
    // One bar per series in every row, and the largest figure drawn full width.
    expect(rows.every((r) => r.bars.length === expected.series.length)).toBe(true);
    expect(rows.some((r) => r.bars.includes("100%"))).toBe(true);
    if (expected.series.length > 1) expect(readable(message)).toContain(`■ ${expected.series[0]!.name}`);

    // The chart comes before the table in the same card, and the table still lists every body.
    const text = readable(message);
    const body = bubbles[0]!.body?.contents ?? [];
    const chartAt = body.findIndex((c) => boxes(c).includes(chartBox!));
    const tableAt = body.findIndex((c) => boxes(c).some((b) => firstText(b) === "団体別"));
    if (tableAt >= 0) expect(chartAt).toBeLessThan(tableAt);
    else expect(bubbles.length).toBeGreaterThan(1);
    for (const label of expected.categories) expect(text).toContain(label);
  });

  it("a monthly summary charts the months", async () => {
    t.line.reset();
    await t.send(textEvent({ userId: "U-sato", text: "利用状況 security-cloud 平成29年度" }));
    const message = flexOf(t.line.deliveries[0]!.messages[0]);
    const expected = await expectedChart("security-cloud", "平成29年度");
    expect(expected.categories[0]).toMatch(/月/);
    const chartBox = boxes(message.contents).find((b) => firstText(b) === `${expected.title}（${expected.unit}）`);
    expect(chartBox).toBeDefined();
    expect(chartRows(chartBox!).map((r) => r.label)).toEqual(expected.categories.slice(0, 20));
  });
});

describe("Flex chart within LINE's limits", () => {
  const texts = { formUnsupported: "-" };
  const table = (rows: number, label: (i: number) => string): Block => {
    const names = Array.from({ length: rows }, (_, i) => label(i));
    const chart: ChartData = {
      title: "予約登録数",
      unit: "件",
      categories: names,
      series: [{ name: "平成29年度", values: names.map((_, i) => i + 1) }],
    };
    return { type: "table", columns: ["団体", "件数"], rows: names.map((n, i) => [n, String(i + 1)]), chart };
  };
  const hasChart = (card: unknown) => boxes(card).some((b) => firstText(b) === "予約登録数（件）");

  it("draws at most 20 bars; the table beside it lists every row", () => {
    const card = renderFlexCard([table(30, (i) => `団体${i + 1}`)], texts, LINE_LIMITS);
    const chartBox = boxes(card).find((b) => firstText(b) === "予約登録数（件）")!;
    expect(chartRows(chartBox)).toHaveLength(20);
    expect(JSON.stringify(card)).toContain("団体30");
  });

  it("leaves out a chart too large for a bubble (very long labels) and keeps the table", () => {
    const card = renderFlexCard([table(20, (i) => `${"長".repeat(300)}${i}`)], texts, LINE_LIMITS);
    expect(card).toBeDefined();
    expect(hasChart(card)).toBe(false);
    expect(JSON.stringify(card)).toContain(`${"長".repeat(300)}19`);
  });

  it("leaves out the chart when the carousel would pass 50 KB with it, rather than falling back to text", () => {
    const card = renderFlexCard([table(200, (i) => `団体${i + 1}`)], texts, LINE_LIMITS);
    expect(card?.type).toBe("carousel");
    expect(card?.type === "carousel" && card.contents).toHaveLength(10);
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThanOrEqual(50_000);
    expect(hasChart(card)).toBe(false);
    expect(JSON.stringify(card)).toContain("団体200");
    // With fewer rows the chart fits and is kept.
    expect(hasChart(renderFlexCard([table(60, (i) => `団体${i + 1}`)], texts, LINE_LIMITS))).toBe(true);
  });
});

// Neutral blocks as a Flex card (LINE's Flex Message, LINE WORKS' flexible template: the same format): a
// bubble with the header on top and the blocks in its body. A card that would break the platform's limits
// (LINE: 30 KB per bubble) is spread over a carousel (LINE: at most 12 bubbles, 50 KB); long tables are paged 20 rows to a bubble so each page stays readable on a phone. When even
// that cannot hold it, the caller sends plain text instead. A table with a chart gets a Flex bar chart
// above it; when the chart would not fit, the card is laid out again without it, since the table below
// carries the same numbers.
import type { messagingApi } from "@line/bot-sdk";
import stringWidth from "string-width";
import type { Block, ChartData } from "../../engine/messages.ts";
import { chartFlexBox } from "./chart-flex.ts";
import { chunk, jsonBytes } from "./text-limits.ts";

/** The sizes a Flex card must keep on a platform (LINE: 30,000-byte bubbles, 12 in a carousel; LINE WORKS less). */
export interface FlexLimits {
  bubbleBytes: number;
  carouselBubbles: number;
  carouselBytes: number;
}

type Component = messagingApi.FlexComponent;
type Bubble = messagingApi.FlexBubble;

export const TABLE_ROWS_PER_BUBBLE = 20;
/** A chart larger than this (very long labels) is left out: the bubble also needs room for its header. */
export const CHART_MAX_BYTES = 20_000;

const MUTED = "#8C8C8C";
const BAR_BACKGROUND = "#E6E6E6";
const BAR_FILL = "#06C755";

export interface FlexTexts {
  formUnsupported: string;
}

/** A run of components that stays together in one bubble; `newPage` starts a new bubble for it. */
interface Segment {
  components: Component[];
  newPage: boolean;
}

export function renderFlexCard(blocks: Block[], texts: FlexTexts, limits: FlexLimits): messagingApi.FlexContainer | undefined {
  const card = layOut(blocks, texts, limits, true);
  if (card || !blocks.some((b) => b.type === "table" && b.chart)) return card;
  return layOut(blocks, texts, limits, false);
}

function layOut(blocks: Block[], texts: FlexTexts, limits: FlexLimits, charts: boolean): messagingApi.FlexContainer | undefined {
  const headerBlock = blocks.find((b) => b.type === "header");
  const header = headerBlock?.type === "header" && headerBlock.text.trim() ? headerBlock.text : undefined;
  const segments = blocks.filter((b) => b !== headerBlock).flatMap((b) => segmentsOf(b, texts, charts));
  if (segments.length === 0 && !header) return undefined;

  const pages: Component[][] = [];
  let current: Component[] = [];
  for (const segment of segments) {
    const tooBig = current.length > 0 && jsonBytes(bubble(header, [...current, ...segment.components])) > limits.bubbleBytes;
    if (current.length > 0 && (segment.newPage || tooBig)) {
      pages.push(current);
      current = [];
    }
    current.push(...segment.components);
  }
  pages.push(current);

  if (pages.length === 1) {
    const single = bubble(header, pages[0]!);
    return jsonBytes(single) <= limits.bubbleBytes ? single : undefined;
  }
  if (pages.length > limits.carouselBubbles) return undefined;
  const bubbles = pages.map((page, i) => bubble(header ? `${header} (${i + 1}/${pages.length})` : undefined, page));
  if (bubbles.some((b) => jsonBytes(b) > limits.bubbleBytes)) return undefined;
  const carousel: messagingApi.FlexCarousel = { type: "carousel", contents: bubbles };
  return jsonBytes(carousel) <= limits.carouselBytes ? carousel : undefined;
}

function bubble(header: string | undefined, body: Component[]): Bubble {
  const result: Bubble = {
    type: "bubble",
    body: { type: "box", layout: "vertical", spacing: "md", contents: body.length > 0 ? body : [text(" ")] },
  };
  if (header)
    result.header = { type: "box", layout: "vertical", contents: [{ type: "text", text: header, weight: "bold", size: "lg", wrap: true }] };
  return result;
}

function text(value: string, extra: Partial<messagingApi.FlexText> = {}): messagingApi.FlexText {
  // LINE rejects an empty text component, so an empty value shows as a dash.
  return { type: "text", text: value.trim() === "" ? "-" : value, wrap: true, size: "sm", ...extra };
}

function single(...components: Component[]): Segment[] {
  return [{ components, newPage: false }];
}

function segmentsOf(block: Block, texts: FlexTexts, charts: boolean): Segment[] {
  switch (block.type) {
    case "header":
      return single(text(block.text, { weight: "bold", size: "md" }));
    case "text":
      return block.text.trim() ? single(text(block.text)) : [];
    case "context":
      return block.text.trim() ? single(text(block.text, { size: "xs", color: MUTED })) : [];
    case "fields":
      return single({
        type: "box",
        layout: "vertical",
        spacing: "sm",
        contents: block.fields.map((f) => ({
          type: "box",
          layout: "baseline",
          spacing: "md",
          contents: [text(f.label, { flex: 2, color: MUTED }), text(f.value, { flex: 5 })],
        })),
      });
    case "choices":
      // The buttons themselves are quick replies; the card lists the options so they are readable on
      // LINE for PC, which shows no quick replies.
      return single(
        ...(block.prompt ? [text(block.prompt, { weight: "bold" })] : []),
        ...block.choices.map((c) => text(`・${c.label}`, { color: "#555555" })),
      );
    case "table":
      return [...(charts && block.chart ? chartSegments(block.chart) : []), ...tableSegments(block)];
    case "progress":
      return single(progress(block.label, block.done, block.total));
    case "form":
      return single(
        text(block.title, { weight: "bold" }),
        ...block.fields.map((f) => text(`・${f.label}${f.required ? " *" : ""}`)),
        text(texts.formUnsupported, { size: "xs", color: MUTED }),
      );
    case "divider":
      return single({ type: "separator", margin: "md" });
  }
}

function chartSegments(chart: ChartData): Segment[] {
  if (chart.categories.length === 0 || chart.series.length === 0) return [];
  // chart-flex.ts builds plain JSON in the shape of a Flex box, so it needs no LINE SDK types.
  const box = chartFlexBox(chart) as unknown as messagingApi.FlexBox;
  return jsonBytes(box) <= CHART_MAX_BYTES ? single(box, { type: "separator", margin: "md" }) : [];
}

function tableSegments(block: Extract<Block, { type: "table" }>): Segment[] {
  // Column widths follow their widest cell (display width, so kanji count double), within reason.
  const weights = block.columns.map((c, i) => {
    const widest = Math.max(stringWidth(c), ...block.rows.map((r) => stringWidth(r[i] ?? "")));
    return Math.max(1, Math.min(6, Math.ceil(widest / 6)));
  });
  const row = (cells: string[], extra: Partial<messagingApi.FlexText>): Component => ({
    type: "box",
    layout: "horizontal",
    spacing: "sm",
    contents: block.columns.map((_, i) => text(cells[i] ?? "", { size: "xs", flex: weights[i], ...extra })),
  });
  const head: Component[] = [
    ...(block.caption ? [text(block.caption, { weight: "bold" })] : []),
    row(block.columns, { weight: "bold", color: MUTED }),
    { type: "separator" },
  ];
  const pages = block.rows.length === 0 ? [[]] : chunk(block.rows, TABLE_ROWS_PER_BUBBLE);
  return pages.map((rows, i) => ({
    components: [{ type: "box", layout: "vertical", spacing: "sm", contents: [...head, ...rows.map((r) => row(r, {}))] }],
    newPage: i > 0,
  }));
}

function progress(label: string, done: number, total: number): Component {
  const percent = total === 0 ? 0 : Math.round(Math.min(1, done / total) * 100);
  return {
    type: "box",
    layout: "vertical",
    spacing: "xs",
    contents: [
      {
        type: "box",
        layout: "horizontal",
        contents: [text(label, { flex: 3 }), text(`${done}/${total} (${percent}%)`, { flex: 2, align: "end", color: MUTED })],
      },
      {
        type: "box",
        layout: "vertical",
        height: "6px",
        cornerRadius: "3px",
        backgroundColor: BAR_BACKGROUND,
        // An empty bar has no fill box at all rather than one of width 0%.
        contents:
          percent === 0
            ? [{ type: "filler" }]
            : [
                {
                  type: "box",
                  layout: "vertical",
                  height: "6px",
                  width: `${percent}%`,
                  backgroundColor: BAR_FILL,
                  contents: [{ type: "filler" }],
                },
              ],
      },
    ],
  };
}

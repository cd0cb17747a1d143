// Renders neutral blocks as plain text: for the console, for email bodies, and as the fallback on any
// platform that cannot show rich cards. Tables are aligned by display width, so Japanese (full-width)
// and ASCII columns line up in a terminal.
import stringWidth from "string-width";
import type { Block, OutboundMessage } from "../../engine/messages.ts";
import { chartBars } from "./chart-bars.ts";

export interface PlainTextOptions {
  /** how choices are introduced; the console numbers them so a person can reply "1" */
  numberChoices: boolean;
  choiceHint?: string;
}

function pad(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - stringWidth(text)));
}

export function renderTable(columns: string[], rows: string[][]): string {
  const widths = columns.map((c, i) => Math.max(stringWidth(c), ...rows.map((r) => stringWidth(r[i] ?? ""))));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => pad(cell, widths[i]!))
      .join("  ")
      .trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  return [line(columns), rule, ...rows.map(line)].join("\n");
}

export function progressBar(done: number, total: number, width = 20): string {
  const ratio = total === 0 ? 0 : Math.min(1, done / total);
  const filled = Math.round(ratio * width);
  return `${"█".repeat(filled)}${"░".repeat(width - filled)} ${done}/${total} (${Math.round(ratio * 100)}%)`;
}

function renderBlock(block: Block, options: PlainTextOptions): string {
  switch (block.type) {
    case "header":
      return `【${block.text}】`;
    case "text":
    case "context":
      return block.text;
    case "fields":
      return block.fields.map((f) => `${f.label}: ${f.value}`).join("\n");
    case "choices": {
      const lines = block.choices.map((c, i) => (options.numberChoices ? `  ${i + 1}) ${c.label}` : `  ・${c.label}`));
      const prompt = block.prompt ? [block.prompt] : [];
      const hint = options.numberChoices && options.choiceHint ? [`  (${options.choiceHint})`] : [];
      return [...prompt, ...lines, ...hint].join("\n");
    }
    case "table": {
      // A chart's numbers are already in the table; in text the chart becomes a bar column beside them.
      const bars = block.chart && block.chart.categories.length === block.rows.length ? chartBars(block.chart) : undefined;
      const columns = bars ? [...block.columns, ""] : block.columns;
      const rows = bars ? block.rows.map((r, i) => [...r, bars[i]!]) : block.rows;
      return [block.caption, renderTable(columns, rows)].filter(Boolean).join("\n");
    }
    case "progress":
      return `${block.label} ${progressBar(block.done, block.total)}`;
    case "form":
      return [`■ ${block.title}`, ...block.fields.map((f) => `  - ${f.label}${f.required ? " *" : ""}`)].join("\n");
    case "divider":
      return "────────";
  }
}

export function renderPlainText(message: OutboundMessage, options: PlainTextOptions): string {
  if (message.blocks.length === 0) return message.text;
  return message.blocks.map((b) => renderBlock(b, options)).join("\n");
}

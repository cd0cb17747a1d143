// Renders a neutral message as an email body, in plain text and in HTML. Buttons cannot be pressed in an
// email, so a choices block keeps only its prompt; whatever the reader must do instead (reply with a vote,
// answer in chat) is written into the message by the layer that queued it. The HTML is deliberately
// plain — inline styles, tables, no images or scripts — because municipal mail clients often strip the
// rest, and every text is escaped, so nothing a person typed can become markup.
import stringWidth from "string-width";
import type { Block, OutboundMessage } from "../../engine/messages.ts";
import { progressBar, renderPlainText } from "../shared/render-plain-text.ts";

const URL_PATTERN = /\bhttps?:\/\/[^\s<>()"'「」（）]+/g;

/** The blocks an email can show: choices become their prompt, or nothing. */
function mailBlocks(message: OutboundMessage): Block[] {
  return message.blocks.flatMap((block): Block[] =>
    block.type === "choices" ? (block.prompt ? [{ type: "text", text: block.prompt }] : []) : [block],
  );
}

/** Plain-text mail is read in proportional fonts and narrow windows: wider tables become lists. */
const MAX_TABLE_WIDTH = 72;

export function looksJapanese(text: string): boolean {
  return /[\u3040-\u30ff\u4e00-\u9fff]/.test(text);
}

function textBlock(block: Block): string {
  if (block.type === "header") return looksJapanese(block.text) ? `【${block.text}】` : `[${block.text}]`;
  if (block.type === "table") {
    const table = renderPlainText({ text: "", blocks: [block] }, { numberChoices: false });
    if (Math.max(...table.split("\n").map((line) => stringWidth(line))) <= MAX_TABLE_WIDTH) return table;
    const rows = block.rows.map((row) => {
      const rest = row
        .slice(1)
        .map((cell, i) => (cell ? `${block.columns[i + 1] ? `${block.columns[i + 1]}: ` : ""}${cell}` : ""))
        .filter(Boolean);
      return `・${row[0] ?? ""}${rest.length > 0 ? `\n    ${rest.join("  ")}` : ""}`;
    });
    return [block.caption, ...rows].filter(Boolean).join("\n");
  }
  return renderPlainText({ text: "", blocks: [block] }, { numberChoices: false });
}

export function renderMailText(message: OutboundMessage): string {
  const blocks = mailBlocks(message);
  // A blank line between blocks reads better in a mail client than the console's tight layout.
  const text = blocks.length === 0 ? message.text : blocks.map(textBlock).join("\n\n");
  return `${text.replace(/\r?\n/g, "\n").trimEnd()}\n`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** Escaped text with links made clickable and line breaks kept. */
function inline(text: string): string {
  let out = "";
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const url = match[0];
    out += escapeHtml(text.slice(last, match.index)) + `<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>`;
    last = match.index + url.length;
  }
  return (out + escapeHtml(text.slice(last))).replace(/\r?\n/g, "<br>\n");
}

const CELL = 'style="border:1px solid #999;padding:4px 8px;text-align:left;vertical-align:top"';

function htmlTable(columns: string[], rows: string[][], caption?: string): string {
  const head = columns.some((c) => c.length > 0) ? `<tr>${columns.map((c) => `<th ${CELL}>${inline(c)}</th>`).join("")}</tr>` : "";
  const body = rows.map((r) => `<tr>${columns.map((_, i) => `<td ${CELL}>${inline(r[i] ?? "")}</td>`).join("")}</tr>`).join("\n");
  return `<table style="border-collapse:collapse;margin:8px 0">${caption ? `<caption style="text-align:left">${inline(caption)}</caption>` : ""}\n${head}\n${body}\n</table>`;
}

function htmlBlock(block: Block): string {
  switch (block.type) {
    case "header":
      return `<h2 style="font-size:1.2em;margin:0 0 8px">${inline(block.text)}</h2>`;
    case "text":
      return `<p style="margin:8px 0">${inline(block.text)}</p>`;
    case "context":
      return `<p style="margin:8px 0;color:#555;font-size:0.9em">${inline(block.text)}</p>`;
    case "fields":
      return htmlTable(
        ["", ""],
        block.fields.map((f) => [f.label, f.value]),
      );
    case "table":
      return htmlTable(block.columns, block.rows, block.caption);
    case "progress":
      return `<p style="margin:8px 0">${inline(block.label)} <code>${escapeHtml(progressBar(block.done, block.total))}</code></p>`;
    case "form":
      return `<p style="margin:8px 0">${inline(block.title)}</p><ul>${block.fields.map((f) => `<li>${inline(f.label)}${f.required ? " *" : ""}</li>`).join("")}</ul>`;
    case "divider":
      return "<hr>";
    case "choices":
      return block.prompt ? `<p style="margin:8px 0">${inline(block.prompt)}</p>` : "";
  }
}

export function renderMailHtml(message: OutboundMessage, lang: string): string {
  const blocks = mailBlocks(message);
  const body = blocks.length === 0 ? `<p>${inline(message.text)}</p>` : blocks.map(htmlBlock).filter(Boolean).join("\n");
  return `<!DOCTYPE html>\n<html lang="${escapeHtml(lang)}"><head><meta charset="utf-8"></head>\n<body style="font-family:sans-serif;line-height:1.6">\n${body}\n</body></html>\n`;
}

/** The subject: the envelope's, else the first header, else the first line of the text. */
export function mailSubject(message: OutboundMessage): string {
  const header = message.blocks.find((b) => b.type === "header");
  const subject = message.mail?.subject ?? (header?.type === "header" ? header.text : (message.text.split("\n")[0] ?? ""));
  const oneLine = subject.replace(/\s+/g, " ").trim();
  return oneLine.length > 120 ? `${oneLine.slice(0, 119)}…` : oneLine || "Kyodo";
}

// Renders neutral blocks as Markdown, for chat services that display it (Mattermost, Rocket.Chat, most
// LGWAN-ASP chats): headers as headings, fields in bold, tables as Markdown tables, progress as a bar.
// The engine's texts are plain text, so every character Markdown would read as markup is escaped, and
// channel-wide mentions (@all, @channel, @here) are defused so a quoted text can never notify a channel.
import type { Block, OutboundMessage } from "../../engine/messages.ts";
import { progressBar } from "./render-plain-text.ts";

const URL_PATTERN = /\bhttps?:\/\/[^\s<>()]+/g;
const MARKUP = /[\\`*_~[\]<>|]/g;
const WIDE_MENTION = /@(all|channel|here)\b/gi;

function escapePlain(text: string): string {
  return (
    text
      .replace(MARKUP, (c) => `\\${c}`)
      // A "#" at the start of a line would make a heading; numbered and bulleted lines stay lists.
      .replace(/^(\s*)#/gm, "$1\\#")
      // A zero-width space after "@" keeps the word readable but no longer a mention.
      .replace(WIDE_MENTION, "@\u200b$1")
  );
}

/** Plain text as Markdown that shows exactly that text. Links are left as they are, so they stay links. */
export function escapeMarkdown(text: string): string {
  let out = "";
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    out += escapePlain(text.slice(last, match.index)) + match[0];
    last = match.index + match[0].length;
  }
  return out + escapePlain(text.slice(last));
}

/** A table cell: escaped, on one line (a line break would end the table row). */
function cell(text: string): string {
  return escapeMarkdown(text.replace(/\r?\n/g, " ")) || " ";
}

export function markdownTable(columns: string[], rows: string[][]): string {
  const width = Math.max(1, columns.length, ...rows.map((r) => r.length));
  const line = (cells: string[]) => `| ${Array.from({ length: width }, (_, i) => cell(cells[i] ?? "")).join(" | ")} |`;
  return [line(columns), `|${" --- |".repeat(width)}`, ...rows.map(line)].join("\n");
}

export function markdownBlock(block: Block): string {
  switch (block.type) {
    case "header":
      return `#### ${escapeMarkdown(block.text.replace(/\r?\n/g, " "))}`;
    case "text":
    case "context":
      return escapeMarkdown(block.text);
    case "fields":
      return block.fields.map((f) => `**${escapeMarkdown(f.label)}**: ${escapeMarkdown(f.value)}`).join("\n");
    case "choices":
      return [...(block.prompt ? [escapeMarkdown(block.prompt)] : []), ...block.choices.map((c) => `- ${escapeMarkdown(c.label)}`)].join(
        "\n",
      );
    case "table":
      // A blank line before the table: Markdown only starts a table at the beginning of a paragraph.
      return [...(block.caption ? [escapeMarkdown(block.caption), ""] : []), markdownTable(block.columns, block.rows)].join("\n");
    case "progress":
      return `${escapeMarkdown(block.label)}\n\`${progressBar(block.done, block.total)}\``;
    case "form":
      return [
        `📝 **${escapeMarkdown(block.title)}**`,
        ...block.fields.map((f) => `- ${escapeMarkdown(f.label)}${f.required ? " \\*" : ""}`),
      ].join("\n");
    case "divider":
      return "---";
  }
}

/** Blocks are separated by a blank line, so each starts its own paragraph (tables and rules need it). */
export function joinMarkdown(parts: string[]): string {
  return parts.filter((p) => p.trim().length > 0).join("\n\n");
}

export function renderMarkdown(message: OutboundMessage): string {
  if (message.blocks.length === 0) return escapeMarkdown(message.text);
  return joinMarkdown(message.blocks.map(markdownBlock));
}

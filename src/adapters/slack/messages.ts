// Whole neutral messages as Slack messages and Home tab views. A message holds at most 50 blocks, so a
// long one is split into several messages, each numbered "(1 of 3)", keeping the blocks of one neutral
// block together where they fit. The Home tab holds 100 blocks; what does not fit is left out with a
// note saying so.
import type { OutboundMessage } from "../../engine/messages.ts";
import { renderPlainText } from "../shared/render-plain-text.ts";
import { ActionCounter, contextBlocks, renderBlock, textSections, type RenderOptions, type SlackBlock } from "./block-kit.ts";
import { escapeMrkdwn, mrkdwnWeight, SLACK_LIMITS as L, truncate } from "./limits.ts";

export interface SlackMessage {
  /** notification and screen-reader text */
  text: string;
  blocks: SlackBlock[];
}

/** The Slack blocks of each neutral block, in order (a neutral block may need several). */
function renderGroups(message: OutboundMessage, counter: ActionCounter, options: RenderOptions): SlackBlock[][] {
  const groups = message.blocks.map((block) => renderBlock(block, counter, options)).filter((g) => g.length > 0);
  if (groups.length === 0 && message.text.trim().length > 0) groups.push(textSections(message.text));
  return groups;
}

/** Packs groups into pages of at most `max` blocks; a group larger than a page is split across pages. */
export function pack(groups: SlackBlock[][], max: number): SlackBlock[][] {
  const pages: SlackBlock[][] = [[]];
  for (const group of groups) {
    let page = pages[pages.length - 1]!;
    if (page.length + group.length > max && page.length > 0) {
      page = [];
      pages.push(page);
    }
    for (const block of group) {
      if (page.length >= max) {
        page = [];
        pages.push(page);
      }
      page.push(block);
    }
  }
  return pages.filter((p) => p.length > 0);
}

/** Plain text of Slack blocks, for the fallback text of the second and later parts of a split message. */
function blocksText(blocks: SlackBlock[]): string {
  const texts: string[] = [];
  for (const block of blocks) {
    if (block.type === "header") texts.push(block.text.text);
    if (block.type === "section") {
      if (block.text) texts.push(block.text.text);
      for (const field of block.fields ?? []) texts.push(field.text);
    }
    if (block.type === "context") for (const element of block.elements) if ("text" in element) texts.push(element.text);
  }
  return texts.join("\n");
}

/** The engine's plain text as a message's `text`, which Slack reads as mrkdwn: escaped, and cut to size. */
export function fallbackText(text: string): string {
  return escapeMrkdwn(truncate(text.trim(), L.fallbackText, mrkdwnWeight));
}

/** One neutral message as one or more Slack messages within Slack's limits. */
export function renderMessage(message: OutboundMessage, options: RenderOptions): SlackMessage[] {
  const counter = new ActionCounter();
  const groups = renderGroups(message, counter, options);
  if (groups.length === 0) return []; // nothing to show; Slack refuses an empty message
  const single = pack(groups, L.messageBlocks);
  const fallback = message.text.trim() || renderPlainText(message, { numberChoices: false });
  if (single.length === 1) return [{ text: fallbackText(fallback), blocks: single[0]! }];
  // Split: leave room in each part for its "(1 of 3)" note.
  const pages = pack(groups, L.messageBlocks - 1);
  return pages.map((blocks, i) => {
    const part = options.t("slack.part", { part: i + 1, parts: pages.length });
    const text = i === 0 ? fallback : blocksText(blocks);
    return {
      text: i === 0 ? fallbackText(`${text} ${part}`) : truncate(`${text} ${part}`, L.fallbackText),
      blocks: [...blocks, ...contextBlocks(part)],
    };
  });
}

/** The Home tab: every reply's blocks, divided, cut to the 100 blocks a view may hold. */
export function renderHomeBlocks(messages: OutboundMessage[], options: RenderOptions): SlackBlock[] {
  const counter = new ActionCounter();
  const blocks: SlackBlock[] = [];
  messages.forEach((message, i) => {
    if (i > 0) blocks.push({ type: "divider" });
    for (const group of renderGroups(message, counter, options)) blocks.push(...group);
  });
  if (blocks.length <= L.viewBlocks) return blocks;
  return [...blocks.slice(0, L.viewBlocks - 1), ...contextBlocks(options.t("slack.truncated")).slice(0, 1)];
}

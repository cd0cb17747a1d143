// What LINE and LINE WORKS share in turning a neutral message into what they send: cards, tables and
// progress as a Flex card (with the message's plain text as altText), anything else as text split within
// the platform's length, and the choices read out of the message. Each platform gives its own limits and
// builds its own buttons; the plain text of every card is remembered, so a card the platform refuses can be
// sent again as text.
import type { messagingApi } from "@line/bot-sdk";
import type { Block, OutboundMessage } from "../../engine/messages.ts";
import { renderFlexCard, type FlexLimits, type FlexTexts } from "./flex-card.ts";
import type { LineChoice } from "./postback-data.ts";
import { renderPlainText } from "./render-plain-text.ts";
import { splitText, truncate } from "./text-limits.ts";

/** Blocks that need a card; a message of only text, context and choices reads best as plain text. */
const CARD_BLOCKS = new Set<Block["type"]>(["header", "fields", "table", "progress", "divider", "form"]);

export interface FlexOrTextLimits extends FlexLimits {
  textLength: number;
  altTextLength: number;
}

export type FlexOrText = { type: "flex"; altText: string; contents: messagingApi.FlexContainer } | { type: "text"; text: string };

const plainTextOfFlex = new WeakMap<object, string>();

export function plainText(message: OutboundMessage): string {
  return renderPlainText(message, { numberChoices: false }).trim();
}

/** One outbound message as a card or as texts, without buttons. `emptyText` is sent when there is no text
 *  at all (a platform that refuses an empty text). */
export function renderFlexOrText(message: OutboundMessage, texts: FlexTexts, limits: FlexOrTextLimits, emptyText = ""): FlexOrText[] {
  const plain = plainText(message);
  if (message.blocks.some((b) => CARD_BLOCKS.has(b.type))) {
    const card = renderFlexCard(message.blocks, texts, limits);
    if (card) {
      const alt = (message.text.trim() || plain || "Kyodo").replace(/\s+/g, " ");
      const flex = { type: "flex" as const, altText: truncate(alt, limits.altTextLength), contents: card };
      plainTextOfFlex.set(flex, plain || alt);
      return [flex];
    }
  }
  return splitText(plain || message.text.trim() || emptyText, limits.textLength).map((text) => ({ type: "text" as const, text }));
}

/** The full plain text of a card renderFlexOrText made (or its altText), cut to `textLength`. */
export function plainTextOf(flex: { altText: string } | Record<string, unknown>, textLength: number): string {
  return truncate(plainTextOfFlex.get(flex) ?? (typeof flex.altText === "string" ? flex.altText : ""), textLength);
}

/** A card as plain text with the same quick reply: what is sent when the platform refuses the card. */
export function flexAsText<Q>(
  flex: ({ altText: string } | Record<string, unknown>) & { quickReply?: Q },
  textLength: number,
): { type: "text"; text: string; quickReply?: Q } {
  return { type: "text", text: plainTextOf(flex, textLength), ...(flex.quickReply ? { quickReply: flex.quickReply } : {}) };
}

/** The choices of a message, as the adapters offer them (with any confirmation), and its first prompt. */
export function choicesOf(message: OutboundMessage): { choices: LineChoice[]; prompt?: string } {
  const blocks = message.blocks.filter((b) => b.type === "choices");
  const choices = blocks.flatMap((b) =>
    b.choices.map((c) => ({ actionId: b.actionId, value: c.value, label: c.label, ...(b.confirm ? { confirm: b.confirm } : {}) })),
  );
  return { choices, prompt: blocks.find((b) => b.prompt)?.prompt };
}

// Turns Kyodo's neutral messages into LINE messages. Cards, tables and progress become a Flex Message
// whose altText is the message's plain fallback; anything else is a text message. Choices become
// quick replies on the last message sent, because LINE shows quick replies only under the newest
// message. Every Flex Message remembers its full plain text, so a send that LINE refuses can be
// repeated as text.
import type { messagingApi } from "@line/bot-sdk";
import type { Block, OutboundMessage } from "../../engine/messages.ts";
import { renderPlainText } from "../shared/render-plain-text.ts";
import { renderFlexCard, type FlexTexts } from "./flex-card.ts";
import { LINE_LIMITS, splitText, truncate } from "./limits.ts";
import type { ActionPayloadStore, LineChoice } from "./postback-data.ts";
import { buildQuickReply, type QuickReplyTexts } from "./quick-reply.ts";

export type LineMessage = messagingApi.Message;

export type RenderTexts = FlexTexts & QuickReplyTexts;

/** Blocks that need a card; a message of only text, context and choices reads best as plain text. */
const CARD_BLOCKS = new Set<Block["type"]>(["header", "fields", "table", "progress", "divider", "form"]);

const plainTextOfFlex = new WeakMap<LineMessage, string>();

export function plainText(message: OutboundMessage): string {
  return renderPlainText(message, { numberChoices: false }).trim();
}

/** The LINE messages for one outbound message, without quick replies. */
export function renderMessage(message: OutboundMessage, texts: FlexTexts): LineMessage[] {
  const plain = plainText(message);
  if (message.blocks.some((b) => CARD_BLOCKS.has(b.type))) {
    const card = renderFlexCard(message.blocks, texts);
    if (card) {
      const alt = (message.text.trim() || plain || "Kyodo").replace(/\s+/g, " ");
      const flex: messagingApi.FlexMessage = { type: "flex", altText: truncate(alt, LINE_LIMITS.altTextLength), contents: card };
      plainTextOfFlex.set(flex, plain || alt);
      return [flex];
    }
  }
  return splitText(plain || message.text.trim(), LINE_LIMITS.textLength).map((text) => ({ type: "text", text }));
}

export function choicesOf(message: OutboundMessage): { choices: LineChoice[]; prompt?: string } {
  const blocks = message.blocks.filter((b) => b.type === "choices");
  const choices = blocks.flatMap((b) =>
    b.choices.map((c) => ({ actionId: b.actionId, value: c.value, label: c.label, ...(b.confirm ? { confirm: b.confirm } : {}) })),
  );
  return { choices, prompt: blocks.find((b) => b.prompt)?.prompt };
}

/** Everything one answer sends, in order, with all its choices as quick replies on the last message. */
export async function composeMessages(
  outbound: OutboundMessage[],
  store: ActionPayloadStore,
  texts: RenderTexts,
  now: Date,
): Promise<LineMessage[]> {
  const messages = outbound.flatMap((m) => renderMessage(m, texts));
  const offered = outbound.map(choicesOf);
  const choices = offered.flatMap((o) => o.choices);
  const last = messages.at(-1);
  if (last && choices.length > 0) {
    last.quickReply = await buildQuickReply(store, choices, offered.find((o) => o.prompt)?.prompt, texts, now);
  }
  return messages;
}

/** The same message as plain text: what is sent when LINE refuses a Flex Message. */
export function asPlainText(message: LineMessage): LineMessage {
  if (message.type !== "flex") return message;
  const text = truncate(plainTextOfFlex.get(message) ?? message.altText, LINE_LIMITS.textLength);
  return { type: "text", text, ...(message.quickReply ? { quickReply: message.quickReply } : {}) };
}

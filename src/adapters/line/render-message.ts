// Turns Kyodo's neutral messages into LINE messages. Cards, tables and progress become a Flex Message
// whose altText is the message's plain fallback; anything else is a text message. Choices become
// quick replies on the last message sent, because LINE shows quick replies only under the newest
// message. Every Flex Message remembers its full plain text, so a send that LINE refuses can be
// repeated as text.
import type { messagingApi } from "@line/bot-sdk";
import type { OutboundMessage } from "../../engine/messages.ts";
import type { FlexTexts } from "../shared/flex-card.ts";
import { choicesOf, flexAsText, renderFlexOrText } from "../shared/flex-or-text.ts";
import type { ActionPayloadStore } from "../shared/postback-data.ts";
import { LINE_LIMITS } from "./limits.ts";
import { buildQuickReply, type QuickReplyTexts } from "./quick-reply.ts";

export type LineMessage = messagingApi.Message;

export type RenderTexts = FlexTexts & QuickReplyTexts;

/** The LINE messages for one outbound message, without quick replies. */
export function renderMessage(message: OutboundMessage, texts: FlexTexts): LineMessage[] {
  return renderFlexOrText(message, texts, LINE_LIMITS);
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
  return flexAsText(message, LINE_LIMITS.textLength);
}

// Choices become LINE quick-reply buttons: at most 13 per message, so a longer list shows 12 and a
// "more" button that brings the next page. Each button shows its label as the person's reply
// (displayText), so the chat reads like a conversation.
import type { messagingApi } from "@line/bot-sdk";
import { confirmationButtons, pageOfChoices } from "../shared/choice-pages.ts";
import type { ActionPayloadStore, LineChoice } from "../shared/postback-data.ts";
import { truncate } from "../shared/text-limits.ts";
import { LINE_LIMITS } from "./limits.ts";

export interface QuickReplyTexts {
  more: string;
  cancel: string;
}

export async function buildQuickReply(
  store: ActionPayloadStore,
  choices: LineChoice[],
  prompt: string | undefined,
  texts: QuickReplyTexts,
  now: Date,
): Promise<messagingApi.QuickReply | undefined> {
  if (choices.length === 0) return undefined;
  const items = await pageOfChoices(store, choices, { prompt, moreLabel: texts.more, max: LINE_LIMITS.quickReplyItems, now }, postbackItem);
  return { items };
}

/** The two buttons of a confirmation: go ahead with the choice, or do nothing. */
export async function buildConfirmReply(
  store: ActionPayloadStore,
  choice: LineChoice,
  texts: QuickReplyTexts,
  now: Date,
): Promise<messagingApi.QuickReply> {
  return { items: await confirmationButtons(store, choice, texts.cancel, now, postbackItem) };
}

function postbackItem(label: string, data: string): messagingApi.QuickReplyItem {
  return {
    type: "action",
    action: {
      type: "postback",
      label: truncate(label, LINE_LIMITS.actionLabelLength),
      data,
      displayText: truncate(label, LINE_LIMITS.displayTextLength),
    },
  };
}

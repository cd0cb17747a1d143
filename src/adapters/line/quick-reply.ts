// Choices become LINE quick-reply buttons: at most 13 per message, so a longer list shows 12 and a
// "more" button that brings the next page. Each button shows its label as the person's reply
// (displayText), so the chat reads like a conversation.
import type { messagingApi } from "@line/bot-sdk";
import { LINE_LIMITS, truncate } from "./limits.ts";
import { encodeAction, encodeConfirm, encodeMore, NOOP_DATA, type ActionPayloadStore, type LineChoice } from "./postback-data.ts";

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
  const max = LINE_LIMITS.quickReplyItems;
  const shown = choices.length <= max ? choices : choices.slice(0, max - 1);
  const items: messagingApi.QuickReplyItem[] = [];
  // One at a time: the store may be a single SQLite connection, and the order of buttons matters.
  for (const choice of shown) {
    const data = choice.confirm ? await encodeConfirm(store, choice, now) : await encodeAction(store, choice.actionId, choice.value, now);
    items.push(postbackItem(choice.label, data));
  }
  if (shown.length < choices.length) {
    items.push(postbackItem(texts.more, await encodeMore(store, prompt, choices.slice(shown.length), now)));
  }
  return { items };
}

/** The two buttons of a confirmation: go ahead with the choice, or do nothing. */
export async function buildConfirmReply(
  store: ActionPayloadStore,
  choice: LineChoice,
  texts: QuickReplyTexts,
  now: Date,
): Promise<messagingApi.QuickReply> {
  return {
    items: [
      postbackItem(choice.label, await encodeAction(store, choice.actionId, choice.value, now)),
      postbackItem(texts.cancel, NOOP_DATA),
    ],
  };
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

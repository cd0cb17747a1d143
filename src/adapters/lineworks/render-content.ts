// Turns Kyodo's neutral messages into LINE WORKS contents, one per send request (bot-send-content).
// Cards, tables and progress become a flexible template (LINE WORKS' Flex-like layout, laid out by the
// shared Flex renderer within LINE WORKS' own, smaller limits); anything else is text,
// split at the text limit. Choices become buttons: up to 4 with a line of help each as a list template, up
// to 10 as a button template (both shown on the phone and on PC alike), more as quick replies under the
// last content, 12 a page with a "more" button. Buttons are
// message actions: pressing one sends its label as the person's message and its `postback` to Kyodo,
// which is where the action rides (inline when short, else a stored key — see ../shared/postback-data.ts).
// Every flexible template remembers its full plain text, so a content LINE WORKS refuses can be sent again
// as text.
import type { Block, OutboundMessage } from "../../engine/messages.ts";
import { choiceData, confirmationButtons, confirmationText, pageOfChoices } from "../shared/choice-pages.ts";
import type { FlexTexts } from "../shared/flex-card.ts";
import { choicesOf, flexAsText, renderFlexOrText } from "../shared/flex-or-text.ts";
import type { ActionPayloadStore, LineChoice } from "../shared/postback-data.ts";
import { truncate } from "../shared/text-limits.ts";
import { LINEWORKS_LIMITS as L } from "./limits.ts";

export type Content = Record<string, unknown> & { type: string };

export interface RenderTexts extends FlexTexts {
  more: string;
  cancel: string;
  /** the text of a button template that carries only buttons */
  choose: string;
}

/** The contents of one outbound message, without buttons. LINE WORKS refuses an empty text, hence "-". */
export function renderMessage(message: OutboundMessage, texts: FlexTexts): Content[] {
  return renderFlexOrText(message, texts, L, "-");
}

/** Everything one answer sends, in order, with all its choices as buttons at the end. */
export async function composeContents(
  outbound: OutboundMessage[],
  store: ActionPayloadStore,
  texts: RenderTexts,
  now: Date,
): Promise<Content[]> {
  const offered = outbound.map(choicesOf);
  const choices = offered.flatMap((o) => o.choices);
  const asButtons = choices.length > 0 && choices.length <= L.buttonTemplateActions;
  // Buttons show their choices on the phone and on PC; quick replies (app 2.6 and later) may not, so
  // only then does the text list the choices too.
  const contents = outbound.flatMap((m) => renderMessage(asButtons ? withoutChoiceList(m) : m, texts));
  if (choices.length === 0) return contents;
  const prompt = offered.find((o) => o.prompt)?.prompt;
  if (asButtons) {
    const actions: Array<Record<string, unknown>> = [];
    // One at a time: the store may be a single SQLite connection, and the order of buttons matters.
    for (const choice of choices) actions.push(await choiceAction(store, choice, now));
    const described = describedChoices(outbound);
    if (choices.length <= L.listTemplateElements && described.some((c) => c.description)) {
      const text = contents.at(-1);
      const cover = text?.type === "text" && typeof text.text === "string" && text.text.length <= L.listTemplateText;
      if (cover) contents.pop();
      const coverText = cover ? String(text.text) : (prompt ?? texts.choose);
      contents.push(listTemplate(coverText, described, actions));
      return contents;
    }
    // The last text becomes the template's text when it fits, so the buttons sit under what they answer.
    const last = contents.at(-1);
    if (last?.type === "text" && typeof last.text === "string" && last.text.length <= L.buttonTemplateText) {
      contents[contents.length - 1] = buttonTemplate(last.text, actions);
    } else {
      contents.push(buttonTemplate(prompt ?? texts.choose, actions));
    }
    return contents;
  }
  const last = contents.at(-1) ?? { type: "text", text: prompt ?? texts.choose };
  if (contents.length === 0) contents.push(last);
  last.quickReply = await quickReply(store, choices, prompt, texts, now);
  return contents;
}

/** The choices with the help a platform shows under each (choices' `description`). */
function describedChoices(outbound: OutboundMessage[]): Array<{ label: string; description?: string }> {
  return outbound.flatMap((m) => m.blocks.flatMap((b) => (b.type === "choices" ? b.choices : [])));
}

/**
 * Up to 4 choices that each carry a line of help, as a list template (bot-send-list): the question as the
 * cover's title, one element per choice with its help as the subtitle and its button. The page types
 * `elements[].action` as an array of action objects, which is what is sent; LINE WORKS refusing it sends
 * the same buttons as a button template instead (see asFallback).
 */
export function listTemplate(
  text: string,
  choices: Array<{ label: string; description?: string }>,
  actions: Array<Record<string, unknown>>,
): Content {
  const list: Content = {
    type: "list_template",
    coverData: { title: truncate(text.trim() || "-", L.listTemplateText) },
    elements: choices.map((c, i) => ({
      title: truncate(c.label, L.listTemplateText),
      ...(c.description ? { subtitle: truncate(c.description, L.listTemplateText) } : {}),
      action: [actions[i]],
    })),
  };
  fallbackOf.set(list, buttonTemplate(text, actions));
  return list;
}

/** The message with each choice block reduced to its prompt: the buttons list the choices. */
function withoutChoiceList(message: OutboundMessage): OutboundMessage {
  const blocks = message.blocks.flatMap((b): Block[] => (b.type !== "choices" ? [b] : b.prompt ? [{ type: "text", text: b.prompt }] : []));
  return { ...message, blocks };
}

export function buttonTemplate(text: string, actions: Array<Record<string, unknown>>): Content {
  return { type: "button_template", contentText: truncate(text.trim() || "-", L.buttonTemplateText), actions };
}

/** The quick reply of a long list: 12 choices and a "more" button that brings the next page. */
export async function quickReply(
  store: ActionPayloadStore,
  choices: LineChoice[],
  prompt: string | undefined,
  texts: RenderTexts,
  now: Date,
): Promise<{ items: Array<{ action: Record<string, unknown> }> }> {
  const items = await pageOfChoices(store, choices, { prompt, moreLabel: texts.more, max: L.quickReplyItems, now }, (label, data) => ({
    action: messageAction(label, data),
  }));
  return { items };
}

/** The two buttons of a confirmation: go ahead with the choice, or do nothing. */
export async function confirmTemplate(store: ActionPayloadStore, choice: LineChoice, texts: RenderTexts, now: Date): Promise<Content> {
  return buttonTemplate(confirmationText(choice), await confirmationButtons(store, choice, texts.cancel, now, messageAction));
}

async function choiceAction(store: ActionPayloadStore, choice: LineChoice, now: Date): Promise<Record<string, unknown>> {
  return messageAction(choice.label, await choiceData(store, choice, now));
}

/** A message action (bot-actionobject): the label is what the person sends, the postback what Kyodo reads. */
export function messageAction(label: string, postback: string): Record<string, unknown> {
  const shown = truncate(label, L.actionLabelLength);
  return {
    type: "message",
    label: shown,
    text: truncate(label, L.displayTextLength),
    postback: postback.slice(0, L.messageActionPostbackLength),
  };
}

/** What a list template becomes when LINE WORKS refuses it. */
const fallbackOf = new WeakMap<Content, Content>();

/** The simpler content to send when LINE WORKS refuses this one (a flexible or list template), or undefined. */
export function asFallback(content: Content): Content | undefined {
  if (content.type === "list_template") return fallbackOf.get(content);
  if (content.type === "flex") return asPlainText(content);
  return undefined;
}

/** The same content as plain text: what is sent when LINE WORKS refuses a flexible template. */
export function asPlainText(content: Content): Content {
  if (content.type !== "flex") return content;
  return flexAsText(content, L.textLength);
}

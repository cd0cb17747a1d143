// Renders one neutral block as Slack Block Kit blocks, within Slack's limits: long text is split over
// several sections, many choices become a select menu (grouped when there are more than 100), tables
// become monospace code blocks repeated with their header (after their chart's image, when one was
// uploaded), and a form becomes a button that opens a modal. Splitting a whole message into several
// messages is done in messages.ts.
import type { types } from "@slack/bolt";
import { progressBar, renderTable } from "../shared/render-plain-text.ts";
import type { Translate } from "../../engine/i18n.ts";
import type { Block, ChartData, Choice } from "../../engine/messages.ts";
import { chunk, escapeMrkdwn, MAX_BUTTONS, mrkdwnWeight, SLACK_LIMITS as L, splitText, truncate } from "./limits.ts";

export type SlackBlock = types.KnownBlock;
export type FormBlock = Extract<Block, { type: "form" }>;
type ChoicesBlock = Extract<Block, { type: "choices" }>;
type Confirm = types.ConfirmationDialog;

/** The action id of the button that opens a form's modal; never produced by the engine (no "~"). */
export const FORM_BUTTON_ACTION = "~form";
const SEPARATOR = "|";

export interface RenderOptions {
  t: Translate;
  /** what the "fill in" button of a form carries: the form itself, or a key to it */
  formButtonValue(form: FormBlock): string;
  /** the uploaded image of a table's chart (chart-upload.ts), when there is one */
  chartImage?(chart: ChartData): { fileId: string; altText: string } | undefined;
}

/**
 * Slack wants action ids unique within a block, while the engine reuses one action id for all the
 * choices of a question; a per-message sequence number after a separator makes them unique.
 */
export function encodeActionId(actionId: string, seq: number): string {
  const id = `${actionId}${SEPARATOR}${seq}`;
  if (id.length > L.actionId) throw new Error(`action id "${actionId.slice(0, 40)}…" is longer than Slack allows`);
  return id;
}

export function decodeActionId(slackActionId: string): string {
  const at = slackActionId.lastIndexOf(SEPARATOR);
  return at < 0 ? slackActionId : slackActionId.slice(0, at);
}

/** Numbers the interactive elements of one message (or view). */
export class ActionCounter {
  private next = 0;
  take(): number {
    this.next += 1;
    return this.next;
  }
}

export const plain = (text: string, max: number): types.PlainTextElement => ({
  type: "plain_text",
  text: truncate(text || " ", max),
  emoji: true,
});

/** Sections of escaped mrkdwn; text over 3,000 characters is split over several sections. */
export function textSections(text: string, prefix = ""): SlackBlock[] {
  if (text.trim().length === 0) return [];
  const room = L.sectionText - prefix.length;
  return splitText(text, room, mrkdwnWeight).map((piece, i) => ({
    type: "section",
    text: { type: "mrkdwn", text: `${i === 0 ? prefix : ""}${escapeMrkdwn(piece)}` },
  }));
}

export function contextBlocks(text: string): SlackBlock[] {
  if (text.trim().length === 0) return [];
  const elements = splitText(text, L.sectionText, mrkdwnWeight).map((piece) => ({ type: "mrkdwn" as const, text: escapeMrkdwn(piece) }));
  return chunk(elements, L.contextElements).map((group) => ({ type: "context", elements: group }));
}

function headerBlocks(text: string): SlackBlock[] {
  if (text.trim().length === 0) return [];
  if (text.length <= L.headerText) return [{ type: "header", text: plain(text, L.headerText) }];
  // A title too long for a header block is kept whole, in bold, rather than cut.
  return splitText(text, L.sectionText - 2, mrkdwnWeight).map((piece) => ({
    type: "section",
    text: { type: "mrkdwn", text: `*${escapeMrkdwn(piece)}*` },
  }));
}

function fieldBlocks(fields: Array<{ label: string; value: string }>): SlackBlock[] {
  const blocks: SlackBlock[] = [];
  let group: types.MrkdwnElement[] = [];
  const flush = () => {
    if (group.length > 0) blocks.push({ type: "section", fields: group });
    group = [];
  };
  for (const field of fields) {
    const text = `*${escapeMrkdwn(field.label)}*\n${escapeMrkdwn(field.value)}`;
    if (text.length <= L.fieldText) {
      group.push({ type: "mrkdwn", text });
      if (group.length === L.sectionFields) flush();
      continue;
    }
    // A field too long for the two-column layout gets sections of its own, in place.
    flush();
    blocks.push(...textSections(field.value, `*${escapeMrkdwn(truncate(field.label, 200))}*\n`));
  }
  flush();
  return blocks;
}

function confirmDialog(confirm: ChoicesBlock["confirm"], t: Translate): Confirm | undefined {
  if (!confirm) return undefined;
  return {
    title: plain(confirm.title, L.confirmTitle),
    text: plain(confirm.text, L.confirmText),
    confirm: plain(t("slack.confirmYes"), L.confirmButton),
    deny: plain(t("slack.confirmNo"), L.confirmButton),
  };
}

function button(choice: Choice, actionId: string, confirm: Confirm | undefined): types.Button {
  if (choice.value.length > L.buttonValue) throw new Error(`choice value of ${actionId} is longer than Slack allows`);
  return {
    type: "button",
    action_id: actionId,
    text: plain(choice.label, L.buttonText),
    value: choice.value,
    ...(choice.style === "primary" || choice.style === "danger" ? { style: choice.style } : {}),
    ...(confirm ? { confirm } : {}),
  };
}

function option(choice: Choice): types.PlainTextOption {
  return {
    text: plain(choice.label, L.optionText),
    value: choice.value,
    ...(choice.description ? { description: plain(choice.description, L.optionDescription) } : {}),
  };
}

/** Options for one select: a plain list up to 100, else groups of 100 (at most 10,000 per select). */
export function selectOptions(choices: Choice[], t: Translate, toOption = option): Pick<types.StaticSelect, "options" | "option_groups"> {
  if (choices.length <= L.selectOptions) return { options: choices.map(toOption) };
  return {
    option_groups: chunk(choices, L.selectOptions).map((group, i) => ({
      label: plain(t("slack.optionGroup", { from: i * L.selectOptions + 1, to: i * L.selectOptions + group.length }), L.optionText),
      options: group.map(toOption),
    })),
  };
}

function choiceBlocks(block: ChoicesBlock, counter: ActionCounter, t: Translate): SlackBlock[] {
  const blocks = block.prompt ? textSections(block.prompt) : [];
  const confirm = confirmDialog(block.confirm, t);
  // Select option values are limited to 75 characters; longer values stay on buttons, which hold 2,000.
  const fitsSelect = block.choices.every((c) => c.value.length <= L.optionValue);
  let elements: types.ActionsBlockElement[];
  if (block.choices.length <= MAX_BUTTONS || !fitsSelect) {
    elements = block.choices.map((c) => button(c, encodeActionId(block.actionId, counter.take()), confirm));
  } else {
    const perSelect = L.selectOptions * L.optionGroups;
    const placeholder = plain(block.prompt ?? t("slack.selectPlaceholder"), L.placeholder);
    elements = chunk(block.choices, perSelect).map((group) => ({
      type: "static_select",
      action_id: encodeActionId(block.actionId, counter.take()),
      placeholder,
      ...selectOptions(group, t),
      ...(confirm ? { confirm } : {}),
    }));
  }
  for (const group of chunk(elements, L.actionsElements)) blocks.push({ type: "actions", elements: group });
  return blocks;
}

/** Escaped length of one table line; wider lines are cut so a header and some rows always fit a section. */
const TABLE_LINE_MAX = 600;

/** A table as monospace text: aligned by display width, split by rows with the header repeated. */
function tableBlocks(block: Extract<Block, { type: "table" }>): SlackBlock[] {
  const clean = (cell: string) => cell.replace(/```/g, "'''").replace(/\n/g, " ");
  const lines = renderTable(
    block.columns.map(clean),
    block.rows.map((r) => r.map(clean)),
  )
    .split("\n")
    .map((line) => escapeMrkdwn(truncate(line, TABLE_LINE_MAX, mrkdwnWeight)));
  const head = lines.slice(0, 2);
  const fence = (body: string[]) => `\`\`\`\n${[...head, ...body].join("\n")}\n\`\`\``;
  const room = L.sectionText - fence([]).length;
  const blocks: SlackBlock[] = block.caption ? textSections(block.caption) : [];
  let body: string[] = [];
  let size = 0;
  for (const line of lines.slice(2)) {
    if (size + line.length + 1 > room && body.length > 0) {
      blocks.push({ type: "section", text: { type: "mrkdwn", text: fence(body) } });
      body = [];
      size = 0;
    }
    body.push(line);
    size += line.length + 1;
  }
  blocks.push({ type: "section", text: { type: "mrkdwn", text: fence(body) } });
  return blocks;
}

/** An image block showing a file uploaded to Slack (no public URL needed). */
function imageBlock(fileId: string, altText: string): SlackBlock {
  return { type: "image", slack_file: { id: fileId }, alt_text: truncate(altText.trim() || " ", L.imageAltText) };
}

function formBlocks(form: FormBlock, counter: ActionCounter, options: RenderOptions): SlackBlock[] {
  const list = form.fields.map((f) => `・${f.label}${f.required ? " *" : ""}`).join("\n");
  const text = truncate(`📝 ${form.title}\n${list}`, L.sectionText - 20);
  const [first, ...rest] = text.split("\n");
  return [
    { type: "section", text: { type: "mrkdwn", text: [`*${escapeMrkdwn(first ?? "")}*`, ...rest.map(escapeMrkdwn)].join("\n") } },
    {
      type: "actions",
      elements: [
        {
          type: "button",
          action_id: encodeActionId(FORM_BUTTON_ACTION, counter.take()),
          text: plain(options.t("slack.openForm"), L.buttonText),
          value: options.formButtonValue(form),
          style: "primary",
        },
      ],
    },
  ];
}

/** The Slack blocks for one neutral block; they belong together and are kept in one message if they fit. */
export function renderBlock(block: Block, counter: ActionCounter, options: RenderOptions): SlackBlock[] {
  switch (block.type) {
    case "header":
      return headerBlocks(block.text);
    case "text":
      return textSections(block.text);
    case "fields":
      return fieldBlocks(block.fields);
    case "choices":
      return choiceBlocks(block, counter, options.t);
    case "table": {
      // The chart image goes first, in the same group, so it stays in the message with its table.
      const image = block.chart ? options.chartImage?.(block.chart) : undefined;
      return [...(image ? [imageBlock(image.fileId, image.altText)] : []), ...tableBlocks(block)];
    }
    case "progress":
      return textSections(`${truncate(block.label, 2000)}\n${progressBar(block.done, block.total)}`);
    case "form":
      return formBlocks(block, counter, options);
    case "divider":
      return [{ type: "divider" }];
    case "context":
      return contextBlocks(block.text);
  }
}

// One neutral message as one or more Mattermost posts. Text blocks become the post's Markdown; each
// question (choices) or form becomes a message attachment with buttons, a menu (more than five
// choices) or a "Fill in" button that opens an interactive dialog. Attachments always sit below a
// post's text, so the text between two questions goes into the second question's attachment and the
// order of the message is kept. A message longer than a post allows is split into numbered parts.
import { deflateRawSync, inflateRawSync } from "node:zlib";
import type { Translate } from "../../engine/i18n.ts";
import type { Block, OutboundMessage } from "../../engine/messages.ts";
import { escapeMarkdown, joinMarkdown, markdownBlock } from "../shared/render-markdown.ts";
import type { ButtonPayload, ButtonPlace, ContextSigner } from "./action-context.ts";
import { formBlockSchema, readJson } from "./callback-schema.ts";
import { MM_LIMITS as L, splitChars, truncateChars } from "./limits.ts";

export type FormBlock = Extract<Block, { type: "form" }>;
type ChoicesBlock = Extract<Block, { type: "choices" }>;

export interface MattermostAction {
  id: string;
  type: "button" | "select";
  name: string;
  style?: string;
  options?: Array<{ text: string; value: string }>;
  integration: { url: string; context: Record<string, unknown> };
}

export interface MattermostAttachment {
  fallback?: string;
  text?: string;
  actions?: MattermostAction[];
}

export interface MattermostPost {
  message: string;
  props?: { attachments: MattermostAttachment[] };
}

export interface RenderOptions {
  t: Translate;
  signer: ContextSigner;
  /** where Mattermost sends button presses: Kyodo's POST /mattermost/actions; asked only when a post has
   *  buttons (throws CallbackUnknownError while that address is not known) */
  actionsUrl(): string;
  place: ButtonPlace;
}

/** Numbers the actions of one post: Mattermost wants ids unique in a post, letters and digits only. */
class ActionIds {
  private next = 0;
  take(): string {
    this.next += 1;
    return `k${this.next}`;
  }
}

const STYLES: Record<string, string> = { primary: "primary", danger: "danger" };

function action(
  ids: ActionIds,
  options: RenderOptions,
  make: (id: string) => Omit<MattermostAction, "id" | "integration"> & { payload: ButtonPayload },
): MattermostAction {
  const id = ids.take();
  const { payload, ...rest } = make(id);
  return { id, ...rest, integration: { url: options.actionsUrl(), context: options.signer.context(payload) } };
}

function choiceActions(block: ChoicesBlock, ids: ActionIds, options: RenderOptions): MattermostAction[] {
  const confirm = block.confirm ? { q: { t: block.confirm.title, x: block.confirm.text } } : {};
  if (block.choices.length <= L.buttons) {
    return block.choices.map((choice) =>
      action(ids, options, (i) => ({
        type: "button",
        name: truncateChars(choice.label || " ", L.buttonName),
        style: STYLES[choice.style ?? ""] ?? "default",
        payload: { ...options.place, i, k: "act", a: block.actionId, v: choice.value, l: choice.label, ...confirm },
      })),
    );
  }
  // Menu option values are indexes into the list the context carries, so any value length works.
  const menus: MattermostAction[] = [];
  for (let start = 0; start < block.choices.length; start += L.menuOptions) {
    const group = block.choices.slice(start, start + L.menuOptions);
    const placeholder = block.prompt ?? options.t("mattermost.selectPlaceholder");
    menus.push(
      action(ids, options, (i) => ({
        type: "select",
        name: truncateChars(placeholder, L.buttonName),
        options: group.map((c, n) => ({ text: truncateChars(c.label || " ", L.buttonName), value: String(n) })),
        payload: {
          ...options.place,
          i,
          k: "menu",
          a: block.actionId,
          o: group.map((c) => [c.value, c.label] as [string, string]),
          ...confirm,
        },
      })),
    );
  }
  return menus;
}

/** What a form's "Fill in" button carries: the form itself, compressed, so it still opens after a restart. */
export function packForm(form: FormBlock): string {
  return deflateRawSync(JSON.stringify(form)).toString("base64url");
}

export function unpackForm(packed: string): FormBlock | undefined {
  let json: string;
  try {
    json = inflateRawSync(Buffer.from(packed, "base64url"), { maxOutputLength: 2_000_000 }).toString("utf8");
  } catch {
    return undefined;
  }
  const read = readJson(formBlockSchema, json);
  const form: FormBlock | undefined = read.ok ? read.value : undefined;
  return form;
}

function attachmentFor(block: ChoicesBlock | FormBlock, lead: string, ids: ActionIds, options: RenderOptions): MattermostAttachment {
  if (block.type === "form") {
    const fill = action(ids, options, (i) => ({
      type: "button",
      name: options.t("mattermost.openForm"),
      style: "primary",
      payload: { ...options.place, i, k: "form", z: packForm(block) },
    }));
    return { fallback: block.title, text: joinMarkdown([lead, markdownBlock(block)]), actions: [fill] };
  }
  const prompt = block.prompt ? escapeMarkdown(block.prompt) : "";
  return {
    fallback: block.prompt ?? block.choices.map((c) => c.label).join(" / "),
    text: joinMarkdown([lead, prompt]),
    actions: choiceActions(block, ids, options),
  };
}

/** Text too long for one attachment is spread over several, the last keeping the actions. */
function fitAttachment(attachment: MattermostAttachment): MattermostAttachment[] {
  const text = attachment.text ?? "";
  if (Array.from(text).length <= L.attachmentChars) return [attachment];
  const pieces = splitChars(text, L.attachmentChars);
  return pieces.map((piece, i) => (i === pieces.length - 1 ? { ...attachment, text: piece } : { text: piece }));
}

export function renderPosts(message: OutboundMessage, options: RenderOptions): MattermostPost[] {
  const ids = new ActionIds();
  let head: string | undefined;
  let pending: string[] = [];
  const attachments: MattermostAttachment[] = [];
  for (const block of message.blocks) {
    if (block.type !== "choices" && block.type !== "form") {
      pending.push(markdownBlock(block));
      continue;
    }
    let lead = joinMarkdown(pending);
    pending = [];
    if (head === undefined) {
      head = lead;
      lead = "";
    }
    attachments.push(...fitAttachment(attachmentFor(block, lead, ids, options)));
  }
  const rest = joinMarkdown(pending);
  if (head === undefined) head = message.blocks.length > 0 ? rest : escapeMarkdown(message.text);
  else if (rest) attachments.push(...fitAttachment({ text: rest }));
  if (!head.trim() && attachments.length === 0) return []; // nothing to show; Mattermost refuses an empty post

  const pieces = splitChars(head, L.messageChars);
  if (pieces.length === 1) return [{ message: head, ...(attachments.length > 0 ? { props: { attachments } } : {}) }];
  return pieces.map((piece, i) => {
    const part = `\n\n${options.t("mattermost.part", { part: i + 1, parts: pieces.length })}`;
    const last = i === pieces.length - 1;
    return { message: `${piece}${part}`, ...(last && attachments.length > 0 ? { props: { attachments } } : {}) };
  });
}

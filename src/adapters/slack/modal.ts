// Neutral forms as Slack modals. A form opens with views.open (it needs a trigger id, valid for three
// seconds after a person's action); its submission comes back as a view_submission whose values become
// a neutral form event. Forms longer than a modal may hold are paged ("Next"), and the answers of the
// earlier pages wait in memory until the last page is submitted.
import { randomUUID } from "node:crypto";
import { deflateRawSync, inflateRawSync } from "node:zlib";
import type { types } from "@slack/bolt";
import type { Translate } from "../../engine/i18n.ts";
import type { FormField } from "../../engine/messages.ts";
import { BoundedCache } from "../shared/bounded-cache.ts";
import { plain, selectOptions, textSections, type FormBlock, type SlackBlock } from "./block-kit.ts";
import { chunk, SLACK_LIMITS as L } from "./limits.ts";

export const FORM_CALLBACK_ID = "kyodo_form";
/** Input blocks per modal page: a modal holds 100 blocks, and the title and page number need room. */
export const FIELDS_PER_PAGE = 90;
/** Selects with more options than this (100 groups of 100) are asked as typed text instead. */
const MAX_SELECT_OPTIONS = L.selectOptions * L.optionGroups;
const ACTION = "value";

/** Where the form was opened from: where the answers belong and where replies go. */
export interface FormOrigin {
  channel: string;
  threadTs?: string;
  /** for forms opened from an ephemeral message (a slash command's answer): replies go back through it */
  responseUrl?: string;
}

interface Metadata {
  f: string;
  o: FormOrigin;
  /** key of the paged session, when there is one */
  s?: string;
  p?: number;
}

/** A form kept across pages, with the answers given so far. */
export interface FormSession {
  form: FormBlock;
  values: Record<string, string>;
}

export interface Submission {
  formId: string;
  origin: FormOrigin;
  sessionKey?: string;
  page: number;
  values: Record<string, string>;
}

/** Forms are kept in memory only when they must be (paged, or option values too long for Slack). */
export class FormSessions {
  readonly cache = new BoundedCache<FormSession>(1000, 24 * 60 * 60 * 1000);

  /** A new session key when the form needs one, else undefined (the modal then carries everything). */
  open(form: FormBlock): string | undefined {
    if (!needsSession(form)) return undefined;
    const key = randomUUID();
    this.cache.set(key, { form, values: {} });
    return key;
  }
}

function needsSession(form: FormBlock): boolean {
  return form.fields.length > FIELDS_PER_PAGE || form.fields.some((f) => f.options?.some((o) => o.value.length > L.optionValue));
}

export function pageCount(form: FormBlock): number {
  return Math.max(1, Math.ceil(form.fields.length / FIELDS_PER_PAGE));
}

function element(field: FormField, t: Translate, indexed: boolean): types.InputBlockElement {
  const placeholder = field.placeholder ? { placeholder: plain(field.placeholder, L.placeholder) } : {};
  switch (field.kind) {
    case "number":
      return { type: "number_input", action_id: ACTION, is_decimal_allowed: true, ...placeholder };
    case "date":
      return { type: "datepicker", action_id: ACTION, ...placeholder };
    case "select": {
      const options = field.options ?? [];
      if (options.length > 0 && options.length <= MAX_SELECT_OPTIONS) {
        // In a session, option values are indexes into the stored form, so any value length works.
        const choices = indexed ? options.map((c, i) => ({ ...c, value: String(i) })) : options;
        return {
          type: "static_select",
          action_id: ACTION,
          placeholder: plain(field.placeholder ?? t("slack.selectPlaceholder"), L.placeholder),
          ...selectOptions(choices, t),
        };
      }
      break;
    }
    case "text":
      break;
  }
  const max = Math.min(field.maxLength ?? L.plainTextInput, L.plainTextInput);
  return { type: "plain_text_input", action_id: ACTION, multiline: max > 150, max_length: max, ...placeholder };
}

function inputBlock(field: FormField, t: Translate, indexed: boolean): SlackBlock {
  if (field.id.length > L.blockId) throw new Error(`form field id "${field.id.slice(0, 40)}…" is longer than Slack allows`);
  return {
    type: "input",
    block_id: field.id,
    optional: !field.required,
    label: plain(field.label, L.inputLabel),
    element: element(field, t, indexed),
  };
}

/** The modal for one page of a form. */
export function buildModal(form: FormBlock, origin: FormOrigin, t: Translate, session?: { key: string; page: number }): types.ModalView {
  const page = session?.page ?? 0;
  const pages = pageCount(form);
  const fields = chunk(form.fields, FIELDS_PER_PAGE)[page] ?? [];
  const last = page === pages - 1;
  const blocks: SlackBlock[] = [];
  // The modal title holds 24 characters; a longer title is shown whole at the top.
  if (form.title.length > L.modalTitle) blocks.push(...textSections(form.title).slice(0, 1));
  if (pages > 1) blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: t("slack.formPage", { page: page + 1, pages }) }] });
  blocks.push(...fields.map((f) => inputBlock(f, t, session !== undefined)));
  const metadata: Metadata = { f: form.formId, o: origin, ...(session ? { s: session.key, p: page } : {}) };
  const privateMetadata = JSON.stringify(metadata);
  if (privateMetadata.length > L.privateMetadata) throw new Error("form metadata is longer than Slack allows");
  return {
    type: "modal",
    callback_id: FORM_CALLBACK_ID,
    private_metadata: privateMetadata,
    title: plain(form.title, L.modalTitle),
    submit: plain(last ? form.submitLabel : t("slack.formNext"), L.modalButton),
    close: plain(t("slack.formClose"), L.modalButton),
    blocks,
  };
}

interface SubmittedValue {
  type?: string;
  value?: string | null;
  selected_date?: string | null;
  selected_option?: { value: string } | null;
}

/** Reads a view_submission: which form, from where, and the answers (empty answers as ""). */
export function readSubmission(view: {
  private_metadata?: string;
  state?: { values?: Record<string, Record<string, SubmittedValue>> };
}): Submission | undefined {
  let metadata: Metadata;
  try {
    metadata = JSON.parse(view.private_metadata ?? "") as Metadata;
  } catch {
    return undefined;
  }
  if (typeof metadata?.f !== "string" || typeof metadata.o?.channel !== "string") return undefined;
  const values: Record<string, string> = {};
  for (const [blockId, actions] of Object.entries(view.state?.values ?? {})) {
    const input = actions[ACTION];
    if (!input) continue;
    values[blockId] = input.selected_option?.value ?? input.selected_date ?? input.value ?? "";
  }
  return { formId: metadata.f, origin: metadata.o, sessionKey: metadata.s, page: metadata.p ?? 0, values };
}

/** Turns indexed select answers of a session back into the option values the engine gave. */
export function resolveIndexedValues(form: FormBlock, values: Record<string, string>): Record<string, string> {
  const resolved: Record<string, string> = { ...values };
  for (const field of form.fields) {
    const answer = values[field.id];
    if (field.kind !== "select" || !field.options || answer === undefined || answer === "") continue;
    const option = field.options[Number(answer)];
    if (option && /^\d+$/.test(answer)) resolved[field.id] = option.value;
  }
  return resolved;
}

/**
 * What a form's "fill in" button carries: the form itself, compressed, so the button still works after
 * Kyodo restarts; a form too large for a button value is kept in memory and the button carries its key.
 */
export function formButtonValue(form: FormBlock, kept: BoundedCache<FormBlock>): string {
  const packed = `z:${deflateRawSync(JSON.stringify(form)).toString("base64url")}`;
  if (packed.length <= L.buttonValue) return packed;
  const key = randomUUID();
  kept.set(key, form);
  return `m:${key}`;
}

export function formFromButtonValue(value: string, kept: BoundedCache<FormBlock>): FormBlock | undefined {
  if (value.startsWith("m:")) return kept.get(value.slice(2));
  if (!value.startsWith("z:")) return undefined;
  try {
    const form = JSON.parse(
      inflateRawSync(Buffer.from(value.slice(2), "base64url"), { maxOutputLength: 1_000_000 }).toString("utf8"),
    ) as FormBlock;
    return form?.type === "form" && Array.isArray(form.fields) ? form : undefined;
  } catch {
    return undefined;
  }
}

/** The page of the modal that follows `page`, or undefined after the last. */
export function nextPage(form: FormBlock, page: number): number | undefined {
  return page + 1 < pageCount(form) ? page + 1 : undefined;
}

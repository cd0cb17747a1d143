// Neutral forms as Mattermost interactive dialogs, and their submissions as neutral form values.
// Dialog titles and labels are limited to 24 bytes (eight Japanese characters), so longer ones are cut
// and shown whole in the dialog's introduction and in each field's help text. Dates are typed
// (YYYY-MM-DD) in a text field, which every Mattermost version has; the engine reads them as it reads
// typed dates anywhere.
import type { Translate } from "../../engine/i18n.ts";
import type { FormField } from "../../engine/messages.ts";
import { escapeMarkdown } from "../shared/render-markdown.ts";
import { MM_LIMITS as L, truncateBytes, truncateChars } from "./limits.ts";
import type { FormBlock } from "./render-post.ts";

export interface DialogElement {
  display_name: string;
  name: string;
  type: "text" | "textarea" | "select";
  subtype?: "number";
  optional: boolean;
  placeholder?: string;
  help_text?: string;
  max_length?: number;
  options?: Array<{ text: string; value: string }>;
}

export interface Dialog {
  callback_id: string;
  title: string;
  introduction_text?: string;
  elements: DialogElement[];
  submit_label: string;
  notify_on_cancel: boolean;
  state: string;
}

function element(field: FormField, t: Translate): DialogElement {
  const label = truncateBytes(field.label || field.id, L.dialogLabelBytes);
  const help = label !== field.label ? { help_text: truncateBytes(field.label, L.dialogHelpBytes) } : {};
  const base = { display_name: label, name: field.id, optional: !field.required, ...help };
  if (field.kind === "select" && field.options && field.options.length > 0) {
    return {
      ...base,
      type: "select",
      options: field.options.map((o) => ({ text: truncateChars(o.label || o.value, 150), value: o.value })),
      ...placeholder(field.placeholder, L.dialogTextBytes),
    };
  }
  if (field.kind === "number") return { ...base, type: "text", subtype: "number", ...placeholder(field.placeholder, L.dialogTextBytes) };
  if (field.kind === "date")
    return {
      ...base,
      type: "text",
      max_length: 40,
      ...placeholder(field.placeholder ?? t("mattermost.datePlaceholder"), L.dialogTextBytes),
    };
  const max = field.maxLength ?? L.dialogTextareaBytes;
  if (max <= L.dialogTextBytes) return { ...base, type: "text", max_length: max, ...placeholder(field.placeholder, L.dialogTextBytes) };
  return {
    ...base,
    type: "textarea",
    max_length: Math.min(max, L.dialogTextareaBytes),
    ...placeholder(field.placeholder, L.dialogTextareaBytes),
  };
}

function placeholder(text: string | undefined, max: number): { placeholder?: string } {
  return text ? { placeholder: truncateBytes(text, max) } : {};
}

export function buildDialog(form: FormBlock, ids: { callbackId: string; state: string }, t: Translate): Dialog {
  const title = truncateBytes(form.title || " ", L.dialogTitleBytes);
  return {
    callback_id: ids.callbackId,
    title,
    // The whole title, when the dialog's own had to be cut.
    ...(title !== form.title ? { introduction_text: `**${escapeMarkdown(form.title)}**` } : {}),
    elements: form.fields.map((f) => element(f, t)),
    submit_label: truncateChars(form.submitLabel || t("mattermost.openForm"), L.dialogSubmitChars),
    notify_on_cancel: false,
    state: ids.state,
  };
}

export type SubmissionResult = { ok: true; values: Record<string, string> } | { ok: false; errors: Record<string, string> };

/**
 * Reads a dialog submission into the neutral form's values: every field present, empty answers as "".
 * Mattermost's client already insists on required fields; they are checked again here (a submission
 * is only a POST), and numbers must be numbers. Problems are returned per field, which keeps the dialog
 * open with the message under the field.
 */
export function readSubmission(form: FormBlock | undefined, submission: unknown, t: Translate): SubmissionResult {
  const given: Record<string, unknown> = submission && typeof submission === "object" ? { ...submission } : {};
  // Mattermost sends text as strings, and booleans or numbers from some clients; nothing else is an answer.
  const text = (value: unknown) =>
    typeof value === "string" ? value.trim() : typeof value === "number" || typeof value === "boolean" ? String(value) : "";
  if (!form) return { ok: true, values: Object.fromEntries(Object.entries(given).map(([k, v]) => [k, text(v)])) };
  const values: Record<string, string> = {};
  const errors: Record<string, string> = {};
  for (const field of form.fields) {
    const value = text(given[field.id]);
    values[field.id] = value;
    if (field.required && value === "") errors[field.id] = t("mattermost.fieldRequired");
    else if (field.kind === "number" && value !== "" && !Number.isFinite(Number(value.normalize("NFKC"))))
      errors[field.id] = t("mattermost.fieldNumber");
    else if (field.kind === "select" && value !== "" && field.options?.length && !field.options.some((o) => o.value === value))
      errors[field.id] = t("mattermost.fieldChoice");
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, values };
}

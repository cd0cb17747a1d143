// What a Mattermost server checks before it accepts a post or opens a dialog (its model's IsValid
// rules, sizes counted as the server counts them), and helpers to read posts as a person sees them.
import type { StoredPost } from "./fake-mattermost.ts";
import type { WireAttachment, WireDialog } from "./mattermost-wire.ts";

const byteLength = (s: string | undefined) => Buffer.byteLength(s ?? "", "utf8");

/** What Mattermost would refuse in a post: an over-long message, or actions it cannot run. */
export function checkPost(message: unknown, attachments: WireAttachment[] | undefined): string | undefined {
  if (typeof message !== "string") return "message must be a string";
  if (Array.from(message).length > 16383) return "message longer than 16383 characters";
  if (!message && !attachments?.length) return "empty post";
  const ids = new Set<string>();
  for (const attachment of attachments ?? []) {
    for (const action of attachment.actions ?? []) {
      if (!action.id || !/^[A-Za-z0-9]+$/.test(action.id)) return `action id "${action.id}" must be letters and digits`;
      if (ids.has(action.id)) return `duplicate action id ${action.id}`;
      ids.add(action.id);
      if (!action.name) return "action must have a name";
      if (action.type !== "button" && action.type !== "select") return `invalid action type ${action.type}`;
      if (action.type === "select" && !action.options?.length) return "select action must have options";
      if (action.type === "select" && action.options?.some((o) => !o.text || !o.value)) return "option text and value are required";
      if (!/^https?:\/\//.test(action.integration?.url ?? "")) return "action must have an integration URL";
    }
  }
  return undefined;
}

/** Dialog.IsValid of Mattermost: sizes in bytes. */
export function checkDialog(dialog: WireDialog | undefined): string | undefined {
  if (!dialog?.title || byteLength(dialog.title) > 24) return `invalid dialog title "${dialog?.title}"`;
  const names = new Set<string>();
  for (const e of dialog.elements ?? []) {
    if (names.has(e.name)) return `duplicate element ${e.name}`;
    names.add(e.name);
    if (!e.display_name || byteLength(e.display_name) > 24) return `display name "${e.display_name}" over 24 bytes`;
    if (!e.name || byteLength(e.name) > 300) return `name "${e.name}" invalid`;
    if (byteLength(e.help_text) > 150) return `help text of ${e.name} over 150 bytes`;
    if (!["text", "textarea", "select", "bool", "radio", "date", "datetime"].includes(e.type)) return `invalid element type ${e.type}`;
    const max = e.type === "textarea" ? 3000 : e.type === "select" ? 3000 : 150;
    if (byteLength(e.placeholder) > max || byteLength(e.default) > max) return `placeholder of ${e.name} too long`;
    if (e.subtype && !["text", "email", "number", "tel", "url", "password"].includes(e.subtype)) return `invalid subtype ${e.subtype}`;
    if (e.type === "select" && !e.options?.length && !e.data_source) return `select ${e.name} without options`;
  }
  return undefined;
}

/** As Mattermost sends posts to clients: the actions' integrations (and their contexts) removed. */
export function stripIntegrations(post: StoredPost): StoredPost {
  const copy = structuredClone(post);
  for (const attachment of copy.props.attachments ?? []) for (const action of attachment.actions ?? []) delete action.integration;
  return copy;
}

export function buttonsOf(post: StoredPost): string[] {
  return (post.props.attachments ?? []).flatMap((a) =>
    (a.actions ?? []).flatMap((x) => (x.type === "select" ? (x.options ?? []).map((o) => o.text) : [x.name])),
  );
}

/** Everything a person reads in a post: the message and the attachments' texts and buttons. */
export function readable(post: StoredPost): string {
  return [
    post.message,
    ...(post.props.attachments ?? []).flatMap((a) => [a.text ?? "", ...buttonsOf({ ...post, props: { attachments: [a] } })]),
  ].join("\n");
}

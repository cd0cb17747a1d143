// The JSON the fake Mattermost exchanges with Kyodo, as Mattermost's API documents it. The fake declares
// these shapes itself rather than importing Kyodo's: what Kyodo sends is what is under test, so the fake
// reads it as Mattermost would (fields it requires are typed as required and checked at run time by
// mattermost-checks.ts; a missing one there is a finding, not a crash of the fake).

export interface WireOption {
  text: string;
  value: string;
}

export interface WireAction {
  id?: string;
  name: string;
  type: string;
  style?: string;
  options?: WireOption[];
  /** where Mattermost calls on a press, with the context it relays; removed before posts reach clients */
  integration?: { url: string; context?: Record<string, unknown> };
}

export interface WireAttachment {
  fallback?: string;
  text?: string;
  actions?: WireAction[];
}

export interface WireProps {
  attachments?: WireAttachment[];
  [other: string]: unknown;
}

export interface WireDialogElement {
  display_name: string;
  name: string;
  type: string;
  subtype?: string;
  optional?: boolean;
  placeholder?: string;
  default?: string;
  help_text?: string;
  max_length?: number;
  data_source?: string;
  options?: WireOption[];
}

export interface WireDialog {
  callback_id: string;
  title: string;
  introduction_text?: string;
  elements: WireDialogElement[];
  submit_label?: string;
  notify_on_cancel?: boolean;
  state?: string;
}

/** POST /api/v4/posts and PUT /api/v4/posts/{id} */
export interface PostBody {
  id?: string;
  channel_id: string;
  message: string;
  props?: WireProps;
  root_id?: string;
  pending_post_id?: string;
}

/** POST /api/v4/actions/dialogs/open */
export interface DialogOpenBody {
  trigger_id: string;
  url: string;
  dialog: WireDialog;
}

/** A slash command's answer, or what is posted to its response URL. */
export interface CommandResponse {
  response_type?: string;
  text?: string;
  attachments?: WireAttachment[];
  props?: WireProps;
  extra_responses?: CommandResponse[];
}

/**
 * What Kyodo answers to the requests the fake relays: a command response (slash command), an update and
 * an ephemeral text (button press), or field errors (dialog submission). Each field is present only for
 * its kind of request, so all are optional.
 */
export interface KyodoAnswer extends CommandResponse {
  update?: { message?: string; props?: WireProps };
  ephemeral_text?: string;
  errors?: Record<string, string>;
}

/** Parses a JSON text the fake received or was answered; a text that is not JSON is kept as it is. */
export function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
}

/** Kyodo's answer as the fake reads it: any JSON object (every field of KyodoAnswer is optional), or nothing usable. */
export function asAnswer(parsed: unknown): KyodoAnswer | undefined {
  return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? parsed : undefined;
}

// Platform-neutral events and messages. Adapters translate their platform's payloads into these and
// render these back; nothing here knows about Slack, LINE or the console. Adapters import only this file
// (and `adapter.ts`), never domain code.

/** Where a reply goes: enough for a later job to post into the same conversation. JSON-serializable. */
export interface ConversationRef {
  platform: string;
  /** Slack team or enterprise id, LINE channel id, "local" for the console */
  workspace: string;
  /** channel, group or direct-message id */
  conversationId: string;
  /** thread to answer in, when the platform has threads */
  threadId?: string;
  /** true for a one-to-one conversation with the bot: where reminders and broadcasts reach the person */
  isDirect?: boolean;
}

export interface InboundUser {
  externalId: string;
  displayName?: string;
}

interface InboundBase {
  /** platform-unique id of this delivery, used to skip redeliveries */
  eventId: string;
  ref: ConversationRef;
  user: InboundUser;
  receivedAt: Date;
  /** the platform shows the answers to this event to the person alone (a modal they submitted): a personal flow
   *  may answer here instead of moving to their direct conversation, which this is not */
  answeredPrivately?: boolean;
}

export type InboundEvent =
  | (InboundBase & { kind: "text"; text: string })
  | (InboundBase & { kind: "action"; actionId: string; value: string })
  | (InboundBase & { kind: "form"; formId: string; values: Record<string, string> });

export type ButtonStyle = "primary" | "danger" | "default";

export interface Choice {
  label: string;
  /** sent back as the action's value when chosen */
  value: string;
  style?: ButtonStyle;
  /** short help shown under the label where the platform can */
  description?: string;
}

export interface FormField {
  id: string;
  label: string;
  kind: "text" | "number" | "date" | "select";
  required: boolean;
  options?: Choice[];
  placeholder?: string;
  maxLength?: number;
}

/**
 * Numbers a table can also show as a bar chart. A renderer that knows charts draws it (Slack: a PNG image
 * from adapters/shared/chart-png.ts above the table; LINE: a Flex bar chart from chart-flex.ts); one that
 * does not simply shows the table, which always carries the same numbers.
 */
export interface ChartData {
  title: string;
  /** unit shown with the values (件, 人, 時間) */
  unit: string;
  /** category labels (bodies, months) in display order */
  categories: string[];
  /** one or two series (this year, the year before), values in category order; null where nothing was reported */
  series: Array<{ name: string; values: Array<number | null> }>;
}

export type Block =
  | { type: "header"; text: string }
  | { type: "text"; text: string }
  | { type: "fields"; fields: Array<{ label: string; value: string }> }
  | { type: "choices"; actionId: string; prompt?: string; choices: Choice[]; confirm?: { title: string; text: string } }
  | { type: "table"; columns: string[]; rows: string[][]; caption?: string; chart?: ChartData }
  | { type: "progress"; label: string; done: number; total: number }
  | {
      type: "form";
      formId: string;
      title: string;
      submitLabel: string;
      fields: FormField[];
      /** problems of the last submission by field id: shown under the fields where the platform can (the
       *  form stays open), else the message's text carries them */
      errors?: Record<string, string>;
    }
  | { type: "divider" }
  | { type: "context"; text: string };

/**
 * What only an email carries: its subject, the reply address and the thread. Other channels ignore it.
 * Ids without "@" are Kyodo's own; the email channel completes them with its mail domain, so the domain
 * layer never needs to know the installation's mail settings.
 */
export interface MailEnvelope {
  subject?: string;
  /** replies go to vote+<replyToken>@<mail domain> */
  replyToken?: string;
  /** this message's Message-ID */
  messageId?: string;
  /** the Message-ID this answers */
  inReplyTo?: string;
  /** the thread, oldest first */
  references?: string[];
  /** RFC 3834: "auto-generated" for notices, "auto-replied" for answers to a person's email */
  autoSubmitted?: "auto-generated" | "auto-replied";
}

/** A message to show. `text` is the plain fallback every platform can show (notifications, screen readers). */
export interface OutboundMessage {
  text: string;
  blocks: Block[];
  mail?: MailEnvelope;
  /** says that what the person did was not carried out (a rule refused it, or it failed): the pressed
   *  button is not shown as chosen, and pressing it again is a new attempt, not a repeat */
  refused?: boolean;
}

/** A message saying that what the person did was not carried out. */
export function refusalMessage(text: string): OutboundMessage {
  return { ...textMessage(text), refused: true };
}

export function isRefusal(replies: OutboundMessage[]): boolean {
  return replies.some((r) => r.refused === true);
}

export function textMessage(text: string): OutboundMessage {
  return { text, blocks: [{ type: "text", text }] };
}

// The JSON the generic webhook channel accepts and sends (documented in scripts/webhook-chat-contract.md).
// Inbound: one event — a text, a button press (action) or a filled-in form — from one person in one
// conversation, with an id that is the same for every delivery of that event. Outbound: one message,
// as plain text, as Markdown and as Kyodo's neutral blocks, for the chat service to show as it can.
import { z } from "zod";
import type { ConversationRef, InboundEvent, OutboundMessage } from "../../engine/messages.ts";
import { renderMarkdown } from "../shared/render-markdown.ts";
import { renderPlainText } from "../shared/render-plain-text.ts";

export const PLATFORM = "webhook";
export const DEFAULT_WORKSPACE = "default";

const id = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[^\s\p{Cc}]+$/u, "no spaces or control characters");

export const inboundSchema = z
  .object({
    eventId: id(200),
    /** the tenant or site of the chat service, when one service hosts several */
    workspace: id(100).optional(),
    user: z.object({ id: id(200), name: z.string().max(200).optional() }),
    conversation: z.object({ id: id(200), direct: z.boolean().optional(), threadId: id(200).optional() }),
    text: z.string().max(10_000).optional(),
    action: z.object({ actionId: z.string().min(1).max(255), value: z.string().max(10_000) }).optional(),
    form: z.object({ formId: z.string().min(1).max(255), values: z.record(z.string().max(255), z.string().max(10_000)) }).optional(),
  })
  .refine((e) => [e.text, e.action, e.form].filter((x) => x !== undefined).length === 1, {
    message: "exactly one of text, action or form",
  });

export type InboundBody = z.infer<typeof inboundSchema>;

export function conversationRef(workspace: string, conversation: InboundBody["conversation"]): ConversationRef {
  return {
    platform: PLATFORM,
    workspace,
    conversationId: conversation.id,
    ...(conversation.threadId ? { threadId: conversation.threadId } : {}),
    ...(conversation.direct ? { isDirect: true } : {}),
  };
}

export function toInboundEvent(body: InboundBody, receivedAt: Date): InboundEvent {
  const base = {
    eventId: body.eventId,
    ref: conversationRef(body.workspace ?? DEFAULT_WORKSPACE, body.conversation),
    user: { externalId: body.user.id, ...(body.user.name ? { displayName: body.user.name } : {}) },
    receivedAt,
  };
  if (body.action) return { ...base, kind: "action", actionId: body.action.actionId, value: body.action.value };
  if (body.form) return { ...base, kind: "form", formId: body.form.formId, values: body.form.values };
  return { ...base, kind: "text", text: body.text ?? "" };
}

export interface OutgoingPayload {
  /** the same on every retry of this delivery; also sent as the Idempotency-Key header */
  deliveryId: string;
  /** the inbound event this answers; absent for reminders and broadcasts */
  inReplyTo?: string;
  workspace: string;
  conversation: { id: string; direct?: boolean; threadId?: string };
  message: { text: string; markdown: string; blocks: OutboundMessage["blocks"] };
}

export function outgoingPayload(deliveryId: string, ref: ConversationRef, message: OutboundMessage, inReplyTo?: string): OutgoingPayload {
  return {
    deliveryId,
    ...(inReplyTo ? { inReplyTo } : {}),
    workspace: ref.workspace,
    conversation: {
      id: ref.conversationId,
      ...(ref.isDirect ? { direct: true } : {}),
      ...(ref.threadId ? { threadId: ref.threadId } : {}),
    },
    message: {
      text: renderPlainText(message, { numberChoices: false }),
      markdown: renderMarkdown(message),
      blocks: message.blocks,
    },
  };
}

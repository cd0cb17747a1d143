// Schemas of the engine's neutral contract for what is stored as JSON (a person's direct conversation, an
// inbox event and its reply context, an outbox target and message): read back through
// src/lib/json-column.ts, so a damaged or old row is named, not mis-sent.
import { z } from "zod";
import type { ReplyContext } from "./adapter.ts";
import type { Block, Choice, ConversationRef, FormField, InboundEvent, MailEnvelope, OutboundMessage } from "./messages.ts";

export const conversationRefSchema: z.ZodType<ConversationRef> = z.object({
  platform: z.string().min(1),
  workspace: z.string(),
  conversationId: z.string().min(1),
  threadId: z.string().optional(),
  isDirect: z.boolean().optional(),
});

const inboundBase = {
  eventId: z.string().min(1),
  ref: conversationRefSchema,
  user: z.object({ externalId: z.string().min(1), displayName: z.string().optional() }),
  // JSON keeps the date as its ISO string; it is a Date again once read.
  receivedAt: z.coerce.date(),
  answeredPrivately: z.boolean().optional(),
};

/** An inbox row's event, as the adapter accepted it. */
export const inboundEventSchema: z.ZodType<InboundEvent, unknown> = z.discriminatedUnion("kind", [
  z.object({ ...inboundBase, kind: z.literal("text"), text: z.string() }),
  z.object({ ...inboundBase, kind: z.literal("action"), actionId: z.string(), value: z.string() }),
  z.object({ ...inboundBase, kind: z.literal("form"), formId: z.string(), values: z.record(z.string(), z.string()) }),
]);

/** Whatever the adapter keeps to answer later (a response URL, a reply token): any JSON object. */
export const replyContextSchema: z.ZodType<ReplyContext> = z.record(z.string(), z.unknown());

const choiceSchema: z.ZodType<Choice> = z.object({
  label: z.string(),
  value: z.string(),
  style: z.enum(["primary", "danger", "default"]).optional(),
  description: z.string().optional(),
});

const formFieldSchema: z.ZodType<FormField> = z.object({
  id: z.string(),
  label: z.string(),
  kind: z.enum(["text", "number", "date", "select"]),
  required: z.boolean(),
  options: z.array(choiceSchema).optional(),
  placeholder: z.string().optional(),
  maxLength: z.number().optional(),
});

const blockSchema: z.ZodType<Block> = z.discriminatedUnion("type", [
  z.object({ type: z.literal("header"), text: z.string() }),
  z.object({ type: z.literal("text"), text: z.string() }),
  z.object({ type: z.literal("fields"), fields: z.array(z.object({ label: z.string(), value: z.string() })) }),
  z.object({
    type: z.literal("choices"),
    actionId: z.string(),
    prompt: z.string().optional(),
    choices: z.array(choiceSchema),
    confirm: z.object({ title: z.string(), text: z.string() }).optional(),
  }),
  z.object({
    type: z.literal("table"),
    columns: z.array(z.string()),
    rows: z.array(z.array(z.string())),
    caption: z.string().optional(),
    chart: z
      .object({
        title: z.string(),
        unit: z.string(),
        categories: z.array(z.string()),
        series: z.array(z.object({ name: z.string(), values: z.array(z.number().nullable()) })),
      })
      .optional(),
  }),
  z.object({ type: z.literal("progress"), label: z.string(), done: z.number(), total: z.number() }),
  z.object({
    type: z.literal("form"),
    formId: z.string(),
    title: z.string(),
    submitLabel: z.string(),
    fields: z.array(formFieldSchema),
    errors: z.record(z.string(), z.string()).optional(),
  }),
  z.object({ type: z.literal("divider") }),
  z.object({ type: z.literal("context"), text: z.string() }),
]);

const mailEnvelopeSchema: z.ZodType<MailEnvelope> = z.object({
  subject: z.string().optional(),
  replyToken: z.string().optional(),
  messageId: z.string().optional(),
  inReplyTo: z.string().optional(),
  references: z.array(z.string()).optional(),
  autoSubmitted: z.enum(["auto-generated", "auto-replied"]).optional(),
});

/** An outbox row's message, already rendered in the recipient's language. */
export const outboundMessageSchema: z.ZodType<OutboundMessage> = z.object({
  text: z.string(),
  blocks: z.array(blockSchema),
  mail: mailEnvelopeSchema.optional(),
  refused: z.boolean().optional(),
});

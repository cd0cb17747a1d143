// The shape of a LINE webhook body, checked at the boundary after the signature. A signed body is LINE's,
// but "signed" is not "well formed": a body of `null`, `{"events":5}` or `{"events":[null]}` once reached
// the event loop and killed the process. Bodies that do not fit get 400 and are never handled. The schema
// is loose where LINE may add fields or event types, and strict where the adapter reads a value.
import { z } from "zod";

const id = z.string().min(1).max(200);

const source = z.looseObject({
  type: z.string().max(50),
  userId: id.optional(),
  groupId: id.optional(),
  roomId: id.optional(),
});

const mention = z.looseObject({
  mentionees: z
    .array(
      z.looseObject({
        type: z.string().max(50),
        index: z.number().int().min(0),
        length: z.number().int().min(0),
        isSelf: z.boolean().optional(),
      }),
    )
    .max(100),
});

const message = z.looseObject({
  type: z.string().max(50),
  id: z.string().max(200).optional(),
  text: z.string().max(10_000).optional(),
  mention: mention.optional(),
});

const members = z.looseObject({
  members: z.array(z.looseObject({ type: z.string().max(50).optional(), userId: id.optional() })).max(1000),
});

const event = z
  .looseObject({
    type: z.string().min(1).max(50),
    webhookEventId: id,
    timestamp: z.number().finite(),
    mode: z.string().max(50).optional(),
    source: source.optional(),
    replyToken: z.string().max(200).optional(),
    deliveryContext: z.looseObject({ isRedelivery: z.boolean().optional() }).optional(),
    message: message.optional(),
    postback: z.looseObject({ data: z.string().max(10_000) }).optional(),
    joined: members.optional(),
    left: members.optional(),
  })
  .superRefine((e, ctx) => {
    const missing = (path: string) => ctx.addIssue({ code: "custom", path: [path], message: `required for ${e.type} events` });
    if (e.type === "message" && !e.message) missing("message");
    if (e.type === "message" && e.message?.type === "text" && typeof e.message.text !== "string") missing("message.text");
    if (e.type === "postback" && !e.postback) missing("postback");
    if (e.type === "memberJoined" && !e.joined) missing("joined");
    if (e.type === "memberLeft" && !e.left) missing("left");
    if (e.source?.type === "group" && !e.source.groupId)
      ctx.addIssue({ code: "custom", path: ["source", "groupId"], message: "required for a group" });
    if (e.source?.type === "room" && !e.source.roomId)
      ctx.addIssue({ code: "custom", path: ["source", "roomId"], message: "required for a room" });
  });

export const lineWebhookSchema = z.looseObject({
  destination: z.string().max(200),
  events: z.array(event).max(1000),
});

export type LineWebhookBody = z.infer<typeof lineWebhookSchema>;

/** The body when it has LINE's shape; otherwise a short reason for the log (never the body itself). */
export function readLineWebhook(json: unknown): { ok: true; body: LineWebhookBody } | { ok: false; reason: string } {
  const parsed = lineWebhookSchema.safeParse(json);
  if (parsed.success) return { ok: true, body: parsed.data };
  const first = parsed.error.issues[0];
  return { ok: false, reason: first ? `${first.path.join(".") || "(body)"}: ${first.message}` : "invalid" };
}

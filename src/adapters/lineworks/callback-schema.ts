// A LINE WORKS callback, checked at the boundary. The signature comes first (bot-callback "署名検証"):
// X-WORKS-Signature is base64(HMAC-SHA256(bot secret, raw body)); it is compared in constant time, and a
// request without it, or with one that does not match, is refused before the body is even parsed. A
// signed body is LINE WORKS', but "signed" is not "well formed": the body is then read with zod, loose
// where LINE WORKS may add fields or event types and strict where the adapter reads a value.
import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";

export function callbackSignature(rawBody: Buffer | string, botSecret: string): string {
  return createHmac("sha256", botSecret).update(rawBody).digest("base64");
}

export function verifyCallbackSignature(rawBody: Buffer, signature: string | undefined, botSecret: string): boolean {
  if (!signature) return false;
  const expected = Buffer.from(callbackSignature(rawBody, botSecret), "utf8");
  const given = Buffer.from(signature.trim(), "utf8");
  // timingSafeEqual needs equal lengths; the length of a base64 SHA-256 digest (44) is no secret.
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const id = z.string().min(1).max(200);

// bot-callback: an event names who acted (userId), the tenant (domainId) and, in a talk room, the room
// (channelId); a 1:1 talk with the bot may leave channelId out, and the bot's own join/leave events
// name no user.
const source = z.looseObject({
  userId: id.optional(),
  channelId: id.optional(),
  domainId: z.union([z.number(), z.string().max(50)]).optional(),
});

// bot-callback-message: content.type is text, location, sticker, image, file…; a button of a button
// template, a quick reply or the persistent menu (message action) sends its label as text plus the
// action's `postback`.
const content = z.looseObject({
  type: z.string().min(1).max(50),
  text: z.string().max(10_000).optional(),
  postback: z.string().max(2_000).optional(),
});

const event = z
  .looseObject({
    type: z.string().min(1).max(50),
    source,
    // bot-callback: "YYYY-MM-DDThh:mm:ss.SSSZ"; epoch milliseconds are read too.
    issuedTime: z.union([z.string().min(1).max(40), z.number().finite()]),
    content: content.optional(),
    // bot-callback-postback: a postback action (carousel, rich menu, quick reply) sends its data here.
    data: z.string().max(2_000).optional(),
  })
  .superRefine((e, ctx) => {
    const missing = (path: string) => ctx.addIssue({ code: "custom", path: [path], message: `required for ${e.type} events` });
    if (e.type === "message" && !e.content) missing("content");
    if (e.type === "postback" && e.data === undefined) missing("data");
    if (Number.isNaN(new Date(e.issuedTime).getTime())) ctx.addIssue({ code: "custom", path: ["issuedTime"], message: "not a time" });
  });

export type CallbackEvent = z.infer<typeof event>;

/** The event when it has LINE WORKS' shape; otherwise a short reason for the log (never the body itself). */
export function readCallback(json: unknown): { ok: true; event: CallbackEvent } | { ok: false; reason: string } {
  const parsed = event.safeParse(json);
  if (parsed.success) return { ok: true, event: parsed.data };
  const first = parsed.error.issues[0];
  return { ok: false, reason: first ? `${first.path.join(".") || "(body)"}: ${first.message}` : "invalid" };
}

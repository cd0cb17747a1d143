// Callbacks as LINE WORKS sends them (bot-callback, bot-callback-message, bot-callback-postback): one
// event per request, `source` with userId, channelId (in a talk room) and domainId, `issuedTime` to the
// millisecond, headers X-WORKS-BotId and X-WORKS-Signature = base64(HMAC-SHA256(bot secret, raw body)),
// posted over real HTTP.
import { createHmac } from "node:crypto";
import { BOT_ID } from "./fake-lineworks-api.ts";

export const BOT_SECRET = "test-bot-secret-0123456789abcdef";
export const DOMAIN_ID = 40029600;

export function sign(body: string, secret = BOT_SECRET): string {
  return createHmac("sha256", secret).update(body).digest("base64");
}

/** Each event gets a later millisecond, as two real events would. */
let lastIssued = 0;
function issuedTime(): string {
  lastIssued = Math.max(Date.now(), lastIssued + 1);
  return new Date(lastIssued).toISOString();
}

export async function postCallback(
  baseUrl: string,
  event: object | string,
  options: { signature?: string | null; secret?: string; botId?: string } = {},
): Promise<Response> {
  const body = typeof event === "string" ? event : JSON.stringify(event);
  const headers: Record<string, string> = { "content-type": "application/json; charset=UTF-8", "x-works-botid": options.botId ?? BOT_ID };
  if (options.signature !== null) headers["x-works-signature"] = options.signature ?? sign(body, options.secret);
  return fetch(`${baseUrl}/lineworks/callback`, { method: "POST", headers, body });
}

export interface EventOptions {
  userId: string;
  channelId?: string;
}

function source(o: EventOptions) {
  return { userId: o.userId, ...(o.channelId ? { channelId: o.channelId } : {}), domainId: DOMAIN_ID };
}

export function textEvent(o: EventOptions & { text: string }) {
  return { type: "message", source: source(o), issuedTime: issuedTime(), content: { type: "text", text: o.text } };
}

/** What a pressed message action (button template, quick reply, persistent menu) sends: its text and postback. */
export function buttonEvent(o: EventOptions & { text: string; postback: string }) {
  return { type: "message", source: source(o), issuedTime: issuedTime(), content: { type: "text", text: o.text, postback: o.postback } };
}

export function postbackEvent(o: EventOptions & { data: string }) {
  return { type: "postback", source: source(o), issuedTime: issuedTime(), data: o.data };
}

export function stickerEvent(o: EventOptions) {
  return { type: "message", source: source(o), issuedTime: issuedTime(), content: { type: "sticker", packageId: "1", stickerId: "2" } };
}

export function joinEvent(o: { channelId: string }) {
  return { type: "join", source: { channelId: o.channelId, domainId: DOMAIN_ID }, issuedTime: issuedTime() };
}

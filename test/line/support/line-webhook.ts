// Webhooks as the LINE Platform sends them: the payload shapes of the Messaging API reference (text
// message, postback, follow, join, member joined), signed with x-line-signature =
// base64(HMAC-SHA256(channel secret, raw body)), posted over real HTTP.
import { createHmac, randomBytes } from "node:crypto";

export const CHANNEL_SECRET = "test-channel-secret-0123456789ab";
export const DESTINATION = "U0000000000000000000000000000b0t";

export function sign(body: string, secret = CHANNEL_SECRET): string {
  return createHmac("sha256", secret).update(body).digest("base64");
}

export async function postWebhook(
  baseUrl: string,
  events: object[],
  options: { signature?: string; secret?: string } = {},
): Promise<Response> {
  const body = JSON.stringify({ destination: DESTINATION, events });
  return fetch(`${baseUrl}/line/webhook`, {
    method: "POST",
    headers: { "content-type": "application/json; charset=utf-8", "x-line-signature": options.signature ?? sign(body, options.secret) },
    body,
  });
}

/** LINE's webhook event ids are ULIDs: 26 characters of Crockford base32. */
export function webhookEventId(): string {
  const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  return Array.from(randomBytes(26), (b) => alphabet[b % 32]).join("");
}

export function replyToken(): string {
  return randomBytes(16).toString("hex");
}

export interface EventOptions {
  userId: string;
  groupId?: string;
  /** ms since epoch; defaults to now (a fresh reply token) */
  timestamp?: number;
  webhookEventId?: string;
  redelivery?: boolean;
  replyToken?: string;
}

function common(o: EventOptions) {
  return {
    timestamp: o.timestamp ?? Date.now(),
    source: o.groupId ? { type: "group", groupId: o.groupId, userId: o.userId } : { type: "user", userId: o.userId },
    mode: "active",
    webhookEventId: o.webhookEventId ?? webhookEventId(),
    deliveryContext: { isRedelivery: o.redelivery ?? false },
  };
}

export function textEvent(o: EventOptions & { text: string; mention?: { index: number; length: number; isSelf: boolean } }) {
  return {
    type: "message",
    message: {
      type: "text",
      id: String(Date.now()) + String(Math.floor(Math.random() * 1000)),
      quoteToken: randomBytes(24).toString("base64url"),
      text: o.text,
      ...(o.mention
        ? {
            mention: {
              mentionees: [
                {
                  type: "user",
                  index: o.mention.index,
                  length: o.mention.length,
                  userId: o.mention.isSelf ? DESTINATION : "Uother",
                  isSelf: o.mention.isSelf,
                },
              ],
            },
          }
        : {}),
    },
    ...common(o),
    replyToken: o.replyToken ?? replyToken(),
  };
}

export function stickerEvent(o: EventOptions) {
  return {
    type: "message",
    message: {
      type: "sticker",
      id: "468789577898262530",
      quoteToken: "q",
      stickerId: "1988",
      packageId: "446",
      stickerResourceType: "STATIC",
      keywords: ["smile"],
    },
    ...common(o),
    replyToken: o.replyToken ?? replyToken(),
  };
}

export function postbackEvent(o: EventOptions & { data: string }) {
  return { type: "postback", postback: { data: o.data }, ...common(o), replyToken: o.replyToken ?? replyToken() };
}

export function followEvent(o: EventOptions) {
  return { type: "follow", follow: { isUnblocked: false }, ...common(o), replyToken: o.replyToken ?? replyToken() };
}

export function unfollowEvent(o: EventOptions) {
  return { type: "unfollow", ...common(o) };
}

export function joinEvent(o: Omit<EventOptions, "userId"> & { groupId: string }) {
  const base = common({ ...o, userId: "" });
  return { type: "join", ...base, source: { type: "group", groupId: o.groupId }, replyToken: o.replyToken ?? replyToken() };
}

export function memberJoinedEvent(o: Omit<EventOptions, "userId"> & { groupId: string; members: string[] }) {
  const base = common({ ...o, userId: "" });
  return {
    type: "memberJoined",
    ...base,
    source: { type: "group", groupId: o.groupId },
    joined: { members: o.members.map((userId) => ({ type: "user", userId })) },
    replyToken: o.replyToken ?? replyToken(),
  };
}

// Reading LINE webhook events: where an event came from (a 1:1 chat, a group or a room), and whether a
// text in a group is meant for Kyodo at all. Committee members talk to each other in their group;
// Kyodo answers only when mentioned or when the message starts with "/kyodo".
import type { webhook } from "@line/bot-sdk";
import type { ConversationRef, InboundEvent } from "../../engine/messages.ts";
import { startsWithKyodoPrefix } from "../shared/addressed-text.ts";

export interface LineSource {
  /** where answers go: the user id in a 1:1 chat, else the group or room id */
  conversationId: string;
  /** who acted; LINE may leave it out in groups for users it cannot identify */
  userId: string | undefined;
  group: boolean;
}

export function sourceOf(source: webhook.Source | undefined): LineSource | undefined {
  if (!source) return undefined;
  switch (source.type) {
    case "user":
      return source.userId ? { conversationId: source.userId, userId: source.userId, group: false } : undefined;
    case "group":
      return { conversationId: source.groupId, userId: source.userId, group: true };
    case "room":
      return { conversationId: source.roomId, userId: source.userId, group: true };
    default:
      return undefined;
  }
}

/** The text to hand to the engine, or undefined when a group message is not addressed to Kyodo. */
export function addressedText(message: webhook.TextMessageContent, group: boolean): string | undefined {
  if (!group) return message.text;
  const self = message.mention?.mentionees.find((m) => m.type === "user" && m.isSelf);
  if (self) return (message.text.slice(0, self.index) + message.text.slice(self.index + self.length)).trim();
  return startsWithKyodoPrefix(message.text) ? message.text : undefined;
}

/** A 1:1 chat is marked direct: that is where reminders and broadcasts later reach the person. */
export function conversationRef(destination: string, source: LineSource): ConversationRef {
  return { platform: "line", workspace: destination, conversationId: source.conversationId, ...(source.group ? {} : { isDirect: true }) };
}

type Base = Pick<InboundEvent, "eventId" | "ref" | "user" | "receivedAt">;

/** The parts every neutral event shares; LINE's webhookEventId is the same on a redelivery, which is
 *  what lets the engine skip it. */
export function inboundBase(destination: string, event: webhook.Event, source: LineSource & { userId: string }): Base {
  return {
    eventId: event.webhookEventId,
    ref: conversationRef(destination, source),
    user: { externalId: source.userId },
    receivedAt: new Date(event.timestamp),
  };
}

// Where the replies of an inbox event go: back through the adapter that received it (which knows its
// reply context: a response URL, a reply token), or, when that adapter cannot answer (it is not running,
// or has no reply of its own), pushed through the outbox into the event's conversation, with retries.
import type { ChannelSetup } from "./channels.ts";
import type { Outbox } from "./delivery/outbox.ts";
import { queueGroupMessage } from "./domain/delivery/queue-messages.ts";
import type { ReplyContext } from "./engine/adapter.ts";
import type { InboundEvent, OutboundMessage } from "./engine/messages.ts";
import type { Db } from "./storage/database.ts";

export interface InboxReply {
  event: InboundEvent;
  replies: OutboundMessage[];
  context: ReplyContext | undefined;
  late: boolean;
  /** push into the conversation rather than answer through the adapter (a notice, not the event's answer) */
  push?: boolean;
}

export async function replyToInboxEvent(db: Db, outbox: Outbox, channels: ChannelSetup[], answer: InboxReply): Promise<void> {
  const { event, replies, context, late } = answer;
  const adapter = channels.find((c) => c.adapter.platform === event.ref.platform)?.adapter;
  if (adapter?.reply && !answer.push) return adapter.reply(event, replies, context, late);
  let index = 0;
  for (const message of replies) {
    const source = `inbox:${event.ref.platform}:${event.ref.workspace}:${event.eventId}:${index++}`;
    await queueGroupMessage(db, {
      source,
      platform: event.ref.platform,
      target: JSON.stringify(event.ref),
      message,
      notBefore: new Date(),
    });
  }
  void outbox.flush().catch(() => undefined);
}

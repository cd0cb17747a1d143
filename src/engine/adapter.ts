// The contract every channel adapter fulfils. An adapter turns its platform's input into InboundEvents,
// hands them to the engine, and renders OutboundMessages back. It receives the engine as a function so
// that it never imports domain or engine internals.
import type { ConversationRef, InboundEvent, OutboundMessage } from "./messages.ts";

export type InboundHandler = (event: InboundEvent) => Promise<OutboundMessage[]>;

/** Where an adapter hands answers it could not deliver right now (every quick retry failed): they go
 *  to the outbox, which sends them later with its own retries, instead of being lost. `eventId` names
 *  the event they answer, so handing the same answers over twice queues them once. */
export type UndeliveredReplies = (ref: ConversationRef, messages: OutboundMessage[], eventId: string) => Promise<void>;

/**
 * The durable way in (issue #14). `accept` stores a verified event and resolves once it is committed:
 * only then may the adapter acknowledge the platform. The work runs afterwards from that store (also
 * after a crash and restart) and its replies come back through the adapter's `reply`. "duplicate" means
 * this event id was accepted before (a platform's redelivery, a double click): acknowledge and do nothing.
 */
export interface InboxPort {
  accept(event: InboundEvent, replyContext?: ReplyContext): Promise<"accepted" | "duplicate">;
  /** resolves when what this process has accepted so far has been worked on and answered */
  idle?(): Promise<void>;
}

/** Whatever an adapter needs later to answer an accepted event (a response URL, a reply token). JSON only. */
export type ReplyContext = Record<string, unknown>;

/** What the composition root lends an adapter besides the engine: the inbox and the outbox's hand-over. */
export interface AdapterServices {
  /** where events that change something go before the acknowledgement */
  inbox?: InboxPort;
  /** answers that could not be delivered at once */
  undelivered?: UndeliveredReplies;
}

export interface ChannelAdapter {
  readonly platform: string;
  /** Begin receiving. `handle` runs an event at once and returns its replies (reads such as drawing a
   *  Home tab); `services.inbox`, when given, is where events that change something go before the
   *  acknowledgement; answers that cannot be delivered go to `services.undelivered`. */
  start(handle: InboundHandler, services?: AdapterServices): Promise<void>;
  /** Answers an event accepted into the inbox, once its work is done; `late` when the process that
   *  received it is gone (the reply context may have expired: answer by push where it has). */
  reply?(event: InboundEvent, replies: OutboundMessage[], context: ReplyContext | undefined, late: boolean): Promise<void>;
  /** Post a message into a conversation outside a reply (reminders, broadcasts). `retryKey` stays the
   *  same when the same delivery is retried; platforms with idempotent sends (LINE) use it. */
  post(ref: ConversationRef, message: OutboundMessage, retryKey?: string): Promise<void>;
  stop(): Promise<void>;
}

/** Adapters that can send one message to many people in one request (LINE multicast) say so here. */
export interface MulticastCapable {
  /** most recipients per request */
  readonly multicastLimit: number;
  /** sends to every ref; `retryKey` is reused when the same batch is retried, so nobody gets it twice */
  multicast(refs: ConversationRef[], message: OutboundMessage, retryKey: string): Promise<void>;
}

export function canMulticast(adapter: ChannelAdapter): adapter is ChannelAdapter & MulticastCapable {
  return typeof (adapter as Partial<MulticastCapable>).multicast === "function";
}

/**
 * Adapters whose platform lets Kyodo start a one-to-one conversation itself (Slack conversations.open,
 * Mattermost's direct channel, LINE push by user id) say so here, so a person who linked in a channel is
 * reachable at once, without first having to write to Kyodo directly.
 */
export interface DirectOpener {
  /** the person's direct conversation with Kyodo; throws DirectConversationError when the platform refuses */
  openDirectConversation(workspace: string, externalUserId: string): Promise<ConversationRef>;
}

export function canOpenDirect(adapter: ChannelAdapter): adapter is ChannelAdapter & DirectOpener {
  return typeof (adapter as Partial<DirectOpener>).openDirectConversation === "function";
}

/** The platform would not open a direct conversation; `reason` is its own short code (shown to the secretariat). */
export class DirectConversationError extends Error {
  readonly reason: string;

  constructor(reason: string) {
    super(`direct conversation refused: ${reason}`);
    this.name = "DirectConversationError";
    this.reason = reason;
  }
}

/** A send that failed; `retryable` for rate limits, server errors and timeouts, with the wait the platform asked for. */
export class DeliveryError extends Error {
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly status: number | undefined;

  constructor(message: string, options: { retryable: boolean; retryAfterMs?: number; status?: number }) {
    super(message);
    this.name = "DeliveryError";
    this.retryable = options.retryable;
    this.retryAfterMs = options.retryAfterMs;
    this.status = options.status;
  }
}

/**
 * For an adapter started without an inbox (tests driving one adapter alone): accepting runs the work
 * right after the acknowledgement, in this process, as before the inbox existed. Not durable.
 */
export function immediateInbox(
  handle: InboundHandler,
  reply: (event: InboundEvent, replies: OutboundMessage[], context: ReplyContext | undefined) => Promise<void>,
  onError: (error: unknown, event: InboundEvent) => void,
  track: (work: Promise<void>) => void = () => undefined,
): InboxPort {
  return {
    accept(event, context) {
      const work = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => handle(event))
        .then((replies) => (replies.length > 0 ? reply(event, replies, context) : undefined))
        .catch((error: unknown) => onError(error, event));
      track(work);
      return Promise.resolve("accepted");
    },
  };
}

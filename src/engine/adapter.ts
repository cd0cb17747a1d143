// The contract every channel adapter fulfils. An adapter turns its platform's input into InboundEvents,
// hands them to the engine, and renders OutboundMessages back. It receives the engine as a function so
// that it never imports domain or engine internals.
import type { ConversationRef, InboundEvent, OutboundMessage } from "./messages.ts";

export type InboundHandler = (event: InboundEvent) => Promise<OutboundMessage[]>;

export interface ChannelAdapter {
  readonly platform: string;
  /** Begin receiving; inbound events go to `handle`. */
  start(handle: InboundHandler): Promise<void>;
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

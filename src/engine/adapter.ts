// The contract every channel adapter fulfils. An adapter turns its platform's input into InboundEvents,
// hands them to the engine, and renders OutboundMessages back. It receives the engine as a function so
// that it never imports domain or engine internals.
import type { ConversationRef, InboundEvent, OutboundMessage } from "./messages.ts";

export type InboundHandler = (event: InboundEvent) => Promise<OutboundMessage[]>;

/** Where an adapter hands answers it could not deliver right now (every quick retry failed): they go
 *  to the outbox, which sends them later with its own retries, instead of being lost. `eventId` names
 *  the event they answer, so handing the same answers over twice queues them once. */
export type UndeliveredReplies = (ref: ConversationRef, messages: OutboundMessage[], eventId: string) => Promise<void>;

export interface AdapterServices {
  undelivered?: UndeliveredReplies;
}

export interface ChannelAdapter {
  readonly platform: string;
  /** Begin receiving; inbound events go to `handle`; answers that cannot be delivered go to `services.undelivered`. */
  start(handle: InboundHandler, services?: AdapterServices): Promise<void>;
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

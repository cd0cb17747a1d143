// The contract every channel adapter fulfils. An adapter turns its platform's input into InboundEvents,
// hands them to the engine, and renders OutboundMessages back. It receives the engine as a function so
// that it never imports domain or engine internals.
import type { ConversationRef, InboundEvent, OutboundMessage } from "./messages.ts";

export type InboundHandler = (event: InboundEvent) => Promise<OutboundMessage[]>;

export interface ChannelAdapter {
  readonly platform: string;
  /** Begin receiving; inbound events go to `handle`. */
  start(handle: InboundHandler): Promise<void>;
  /** Post a message into a conversation outside a reply (reminders, broadcasts). */
  post(ref: ConversationRef, message: OutboundMessage): Promise<void>;
  stop(): Promise<void>;
}

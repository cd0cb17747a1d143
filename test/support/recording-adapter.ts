// A channel that records what Kyodo pushes to it, for tests of scheduling and delivery logic. The real
// platform adapters (console, Slack, LINE) have their own end-to-end tests against their fake servers.
import type { ChannelAdapter, MulticastCapable } from "../../src/engine/adapter.ts";
import type { ConversationRef, OutboundMessage } from "../../src/engine/messages.ts";

export interface Recorded {
  ref: ConversationRef;
  message: OutboundMessage;
  at: number;
}

export class RecordingAdapter implements ChannelAdapter {
  readonly platform: string;
  readonly posts: Recorded[] = [];
  /** errors to throw on the next sends, in order */
  failures: Array<Error | undefined> = [];

  constructor(platform: string) {
    this.platform = platform;
  }

  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  post(ref: ConversationRef, message: OutboundMessage): Promise<void> {
    const failure = this.failures.shift();
    if (failure) return Promise.reject(failure);
    this.posts.push({ ref, message, at: Date.now() });
    return Promise.resolve();
  }

  textsFor(conversationId: string): string[] {
    return this.posts.filter((p) => p.ref.conversationId === conversationId).map((p) => p.message.text);
  }
}

export class RecordingMulticastAdapter extends RecordingAdapter implements MulticastCapable {
  readonly multicastLimit: number;
  readonly multicasts: Array<{ refs: ConversationRef[]; retryKey: string }> = [];

  constructor(platform: string, multicastLimit: number) {
    super(platform);
    this.multicastLimit = multicastLimit;
  }

  multicast(refs: ConversationRef[], message: OutboundMessage, retryKey: string): Promise<void> {
    this.multicasts.push({ refs, retryKey });
    const failure = this.failures.shift();
    if (failure) return Promise.reject(failure);
    for (const ref of refs) this.posts.push({ ref, message, at: Date.now() });
    return Promise.resolve();
  }
}

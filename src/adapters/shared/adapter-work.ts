// The work a webhook adapter (LINE, LINE WORKS) does after answering the platform's HTTP request: tracked, so
// idle() and stop() can wait for it; and the answers the adapter gives by itself (greetings, pages of
// choices, "this button has expired"), which never reach the inbox's dedupe, given once per event id.
// In memory (bounded): such an answer repeated after a restart is harmless.

import { immediateInbox, type AdapterServices, type InboundHandler, type InboxPort, type ReplyContext } from "../../engine/adapter.ts";
import type { InboundEvent, OutboundMessage } from "../../engine/messages.ts";

/** How many event ids of the adapter's own answers are remembered; the oldest are forgotten first. */
const REMEMBERED_ANSWERS = 10_000;

export class AdapterWork {
  private readonly inflight = new Set<Promise<void>>();
  private readonly answered = new Set<string>();

  /** Kyodo's inbox; without it (a test driving the adapter alone) events run right after the HTTP answer,
   *  as tracked work. */
  inbox(
    handle: InboundHandler,
    services: AdapterServices,
    reply: (event: InboundEvent, replies: OutboundMessage[], context: ReplyContext | undefined) => Promise<void>,
    failed: (error: unknown, event: InboundEvent) => void,
  ): InboxPort {
    return services.inbox ?? immediateInbox(handle, reply, failed, (work) => this.track(work));
  }

  track(work: Promise<void>): void {
    const tracked = work.finally(() => this.inflight.delete(tracked));
    this.inflight.add(tracked);
  }

  /** Resolves when all work tracked so far (and any it started) has finished. */
  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  /** Runs `answer` once per event id, after the current request has been answered; a failure goes to `failed`. */
  once(eventId: string, answer: () => Promise<void>, failed: (error: unknown) => void): void {
    if (this.answered.has(eventId)) return;
    this.answered.add(eventId);
    if (this.answered.size > REMEMBERED_ANSWERS) this.answered.delete(this.answered.values().next().value!);
    this.track(new Promise<void>((resolve) => setImmediate(resolve)).then(answer).catch((error: unknown) => failed(error)));
  }
}

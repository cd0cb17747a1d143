// The generic webhook channel, for chat services that are neither Slack, LINE nor Mattermost (LGWAN-ASP
// chats, Rocket.Chat bridges, in-house tools). The service posts signed JSON events to
// POST /webhook/chat; Kyodo checks the signature and the timestamp on the raw body, stores the event in
// its inbox, answers 202 (the event is safe from then on, issue #14), and delivers the replies — each its own signed POST with an idempotency key, retried with backoff — to
// the configured outgoing URL. A repeated event id is acknowledged and not acted on twice.
import { randomUUID } from "node:crypto";
import express, { type Request, type RequestHandler, type Response } from "express";
import type { Logger } from "pino";
import {
  immediateInbox,
  type AdapterServices,
  type ChannelAdapter,
  type InboundHandler,
  type InboxPort,
  type UndeliveredReplies,
} from "../../engine/adapter.ts";
import type { ConversationRef, InboundEvent, OutboundMessage } from "../../engine/messages.ts";
import { DoubleTapGuard } from "../shared/double-tap.ts";
import { inboundSchema, outgoingPayload, PLATFORM, toInboundEvent } from "./contract.ts";
import { WebhookSender, type RetryPolicy } from "./sender.ts";
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyBody } from "./signature.ts";

export const WEBHOOK_PATH = "/webhook/chat";
const BODY_LIMIT = "256kb";

export interface WebhookChatAdapterOptions {
  secret: string;
  outgoingUrl: string;
  logger: Logger;
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
  clock?: () => number;
}

export class WebhookChatAdapter implements ChannelAdapter {
  readonly platform = PLATFORM;
  private readonly options: WebhookChatAdapterOptions;
  private readonly logger: Logger;
  private readonly sender: WebhookSender;
  private readonly inflight = new Set<Promise<void>>();
  /** per conversation, the end of the replies being sent, so answers arrive in the order asked */
  private readonly chains = new Map<string, Promise<void>>();
  private readonly doubleTaps = new DoubleTapGuard();
  private inbox: InboxPort | undefined;
  private undelivered: UndeliveredReplies | undefined;
  private stopping = false;

  constructor(options: WebhookChatAdapterOptions) {
    this.options = options;
    this.logger = options.logger.child({ channel: PLATFORM });
    this.sender = new WebhookSender({
      url: options.outgoingUrl,
      secret: options.secret,
      logger: this.logger,
      retry: options.retry,
      timeoutMs: options.timeoutMs,
    });
  }

  /** Handlers for POST /webhook/chat. The body stays raw: the signature covers its exact bytes. */
  webhookHandlers(): RequestHandler[] {
    return [express.raw({ type: () => true, limit: BODY_LIMIT }), (req, res) => this.receive(req, res)];
  }

  start(handle: InboundHandler, services: AdapterServices = {}): Promise<void> {
    this.undelivered = services.undelivered;
    // Without Kyodo's inbox (a test driving this adapter alone) events run right after the 202.
    this.inbox =
      services.inbox ??
      immediateInbox(
        handle,
        (event, replies) => this.reply(event, replies),
        (error, event) => this.logger.error({ err: error, eventId: event.eventId }, "chat webhook event failed"),
        (work) => {
          this.inflight.add(work);
          void work.finally(() => this.inflight.delete(work));
        },
      );
    this.stopping = false;
    return Promise.resolve();
  }

  /** Reminders and broadcasts: one attempt; the outbox retries with the same key (its idempotency key). */
  async post(ref: ConversationRef, message: OutboundMessage, retryKey?: string): Promise<void> {
    await this.sender.sendOnce(outgoingPayload(retryKey ?? randomUUID(), ref, message));
  }

  /** Resolves when every event received so far has been handled and its replies delivered or given up. */
  async idle(): Promise<void> {
    do {
      await this.inbox?.idle?.();
      await Promise.allSettled([...this.inflight]);
    } while (this.inflight.size > 0);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.idle();
  }

  private receive(req: Request, res: Response): void {
    const raw = Buffer.isBuffer(req.body) ? req.body.toString("utf8") : "";
    const check = verifyBody(
      this.options.secret,
      { signature: req.header(SIGNATURE_HEADER), timestamp: req.header(TIMESTAMP_HEADER) },
      raw,
      (this.options.clock ?? Date.now)(),
    );
    if (!check.ok) {
      this.logger.warn({ reason: check.reason }, "chat webhook refused");
      res.status(401).json({ error: "invalid signature", reason: check.reason });
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      res.status(400).json({ error: "invalid json" });
      return;
    }
    const parsed = inboundSchema.safeParse(json);
    if (!parsed.success) {
      res
        .status(400)
        .json({ error: "invalid event", issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })) });
      return;
    }
    if (!this.inbox || this.stopping) {
      res.status(503).json({ error: "not ready" });
      return;
    }
    const event = toInboundEvent(parsed.data, new Date((this.options.clock ?? Date.now)()));
    if (
      event.kind === "action" &&
      this.doubleTaps.isRepeat({
        eventId: event.eventId,
        workspace: event.ref.workspace,
        conversationId: event.ref.conversationId,
        userId: event.user.externalId,
        actionId: event.actionId,
        value: event.value,
        atMs: event.receivedAt.getTime(),
      })
    ) {
      this.logger.info({ eventId: event.eventId }, "chat webhook double tap of one button: the second press is not handled again");
      res.status(200).json({ accepted: true, duplicate: true, doubleTap: true, eventId: event.eventId });
      return;
    }
    // Stored before the answer (issue #14): 202 means the event is safe; the inbox recognises a repeat.
    this.inbox.accept(event).then(
      (outcome) => {
        if (outcome === "duplicate") res.status(200).json({ accepted: true, duplicate: true, eventId: event.eventId });
        else res.status(202).json({ accepted: true, duplicate: false, eventId: event.eventId });
      },
      (error: unknown) => {
        this.logger.error({ err: error, eventId: event.eventId }, "chat webhook event could not be stored");
        res.status(503).json({ error: "try again" });
      },
    );
  }

  /** Sends the replies of an event the inbox has worked on, in order per conversation. */
  async reply(event: InboundEvent, replies: OutboundMessage[]): Promise<void> {
    if (replies.length === 0) return;
    const chainKey = `${event.ref.workspace}:${event.ref.conversationId}`;
    const previous = this.chains.get(chainKey) ?? Promise.resolve();
    const mine = previous
      .catch(() => undefined)
      .then(async () => {
        for (const [index, reply] of replies.entries()) {
          // A key per reply, kept across its retries: the service shows each reply once.
          const outcome = await this.sender.send(outgoingPayload(randomUUID(), event.ref, reply, event.eventId));
          if (outcome !== "gave up") continue;
          // The quick retries gave up (the service may take it later): this answer and the ones after it
          // go to the outbox (in order), which keeps trying later, rather than being dropped.
          await this.undelivered?.(event.ref, replies.slice(index), event.eventId).catch((error: unknown) =>
            this.logger.error({ err: error, eventId: event.eventId }, "chat webhook answer could not be queued"),
          );
          return;
        }
      });
    this.chains.set(chainKey, mine);
    try {
      await mine;
    } finally {
      if (this.chains.get(chainKey) === mine) this.chains.delete(chainKey);
    }
  }
}

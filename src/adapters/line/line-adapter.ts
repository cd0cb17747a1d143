// The LINE channel (Messaging API). LINE posts signed webhooks to POST /line/webhook; the signature is
// checked on the raw body, the request is answered 200 at once, and the events are handled afterwards
// (LINE waits only a few seconds and redelivers what it thinks failed). Texts and button presses are
// accepted into Kyodo's inbox before the 200 (issue #14), which recognises redeliveries by LINE's
// webhookEventId; the inbox runs them and the answers go back by reply, or by push once the token is old.
import { randomUUID } from "node:crypto";
import { messagingApi, validateSignature, type webhook } from "@line/bot-sdk";
import express, { type Request, type RequestHandler, type Response } from "express";
import type { Logger } from "pino";
import {
  type AdapterServices,
  type ChannelAdapter,
  type DirectOpener,
  type InboundHandler,
  type InboxPort,
  type ReplyContext,
  type UndeliveredReplies,
} from "../../engine/adapter.ts";
import { bilingual, translator } from "../../engine/i18n.ts";
import type { ConversationRef, InboundEvent, OutboundMessage } from "../../engine/messages.ts";
import { AdapterWork } from "../shared/adapter-work.ts";
import { DoubleTapGuard } from "../shared/double-tap.ts";
import { LINE_LIMITS } from "./limits.ts";
import type { RetryPolicy } from "../../lib/retry-policy.ts";
import { derivedRetryKey, LineSender, type SendTarget } from "./line-sender.ts";
import { decodePostback, type ActionPayloadStore } from "../shared/postback-data.ts";
import { buildConfirmReply, buildQuickReply } from "./quick-reply.ts";
import { composeMessages, type LineMessage, type RenderTexts } from "./render-message.ts";
import { addressedText, inboundBase, sourceOf, type LineSource } from "./webhook-events.ts";
import { readLineWebhook } from "./webhook-schema.ts";

/** The engine's command action (COMMAND_ACTION in src/engine/definitions.ts): its value is a command line. */
const COMMAND_ACTION = "cmd";

export interface LineAdapterOptions {
  channelSecret: string;
  channelAccessToken: string;
  /** another API host than https://api.line.me: a proxy, or the fake LINE API in tests */
  apiBaseUrl?: string;
  /** keeps button actions too long for LINE's 300-character postback data */
  payloads: ActionPayloadStore;
  logger: Logger;
  /** retries of answers to a person (quick; then the outbox takes over) */
  retry?: Partial<RetryPolicy>;
  /** retries of the outbox's sends (default one try: the outbox retries later) */
  outboxRetry?: Partial<RetryPolicy>;
  clock?: () => Date;
}

export class LineAdapter implements ChannelAdapter, DirectOpener {
  readonly platform = "line";
  /** recipients per multicast request, for callers that batch (the outbox) */
  readonly multicastLimit = LINE_LIMITS.multicastRecipients;
  private readonly options: LineAdapterOptions;
  private readonly logger: Logger;
  private readonly sender: LineSender;
  private readonly clock: () => Date;
  private readonly texts: RenderTexts;
  private inbox: InboxPort | undefined;
  private undelivered: UndeliveredReplies | undefined;
  private stopping = false;
  private readonly work = new AdapterWork();
  private readonly doubleTaps = new DoubleTapGuard();

  constructor(options: LineAdapterOptions) {
    this.options = options;
    this.logger = options.logger.child({ channel: "line" });
    this.clock = options.clock ?? (() => new Date());
    const client = new messagingApi.MessagingApiClient({ channelAccessToken: options.channelAccessToken, baseURL: options.apiBaseUrl });
    this.sender = new LineSender({
      client,
      logger: this.logger,
      retry: options.retry,
      outboxRetry: options.outboxRetry,
      now: () => this.clock().getTime(),
    });
    // The adapter does not know the reader's language, so its own few words come in both.
    this.texts = { more: bilingual("line.more"), cancel: bilingual("line.cancel"), formUnsupported: bilingual("line.formUnsupported") };
  }

  /** Handlers for POST /line/webhook. The body stays raw: the signature covers its exact bytes. */
  webhookHandlers(): RequestHandler[] {
    return [express.raw({ type: () => true, limit: "1mb" }), (req, res) => this.receive(req, res)];
  }

  start(handle: InboundHandler, services: AdapterServices = {}): Promise<void> {
    this.undelivered = services.undelivered;
    this.inbox = this.work.inbox(
      handle,
      services,
      (event, replies, context) => this.reply(event, replies, context),
      (error, event) => this.logger.error({ err: error, eventId: event.eventId }, "line event failed"),
    );
    this.stopping = false;
    return Promise.resolve();
  }

  /** Answers an event the inbox has worked on: by reply while the token is fresh, by push after. */
  async reply(event: InboundEvent, replies: OutboundMessage[], context: ReplyContext | undefined): Promise<void> {
    const target = (context as { target?: SendTarget } | undefined)?.target;
    if (!target || replies.length === 0) return;
    try {
      await this.sender.deliver(target, await this.compose(replies));
    } catch (error) {
      // Every quick retry failed (or LINE refused): the answers — a vote receipt, say — go to the outbox
      // and are pushed later, rather than dropped.
      if (!this.undelivered) throw error;
      this.logger.warn({ err: error, webhookEventId: event.eventId }, "line answer not delivered; handed to the outbox");
      await this.undelivered(event.ref, replies, event.eventId);
    }
  }

  /** Pushes into a chat. With a `retryKey` kept across the caller's own retries (the outbox's
   *  idempotency key), a repeated post is never shown twice. */
  async post(ref: ConversationRef, message: OutboundMessage, retryKey?: string): Promise<void> {
    await this.sender.push(ref.conversationId, await this.compose([message]), retryKey);
  }

  /** LINE pushes to a user id directly: the person's 1:1 chat with the official account needs no opening.
   *  (LINE refuses the push only if they never added Kyodo as a friend; the outbox reports that refusal.) */
  openDirectConversation(workspace: string, externalUserId: string): Promise<ConversationRef> {
    return Promise.resolve({ platform: "line", workspace, conversationId: externalUserId, isDirect: true });
  }

  /**
   * Sends one message to many LINE users (a broadcast): 500 per request, each request with its own
   * X-Line-Retry-Key derived from `retryKey`, so the caller repeating a failed multicast with the same
   * key resends only what LINE did not accept. Multicast reaches users only; a group or room among the
   * refs gets a push of its own.
   */
  async multicast(refs: ConversationRef[], message: OutboundMessage, retryKey: string = randomUUID()): Promise<void> {
    const messages = await this.compose([message]);
    const users = refs.map((r) => r.conversationId).filter(isUserId);
    if (users.length > 0) await this.sender.multicast(users, messages, retryKey);
    for (const chat of new Set(refs.map((r) => r.conversationId).filter((id) => !isUserId(id)))) {
      await this.sender.push(chat, messages, derivedRetryKey(`${retryKey}:${chat}`));
    }
  }

  /** Resolves when every webhook received so far has been handled. */
  async idle(): Promise<void> {
    await this.work.idle();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.idle();
  }

  private receive(req: Request, res: Response): void {
    const body: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const signature = req.header("x-line-signature") ?? "";
    if (!signature || !validateSignature(body, this.options.channelSecret, signature)) {
      this.logger.warn({ bytes: body.length }, "line webhook with a bad signature refused");
      res.status(401).json({ error: "invalid signature" });
      return;
    }
    let payload: webhook.CallbackRequest;
    try {
      const shaped = readLineWebhook(JSON.parse(body.toString("utf8")));
      if (!shaped.ok) {
        this.logger.warn({ reason: shaped.reason }, "signed line webhook with an unexpected shape refused");
        res.status(400).json({ error: "invalid body" });
        return;
      }
      payload = shaped.body as unknown as webhook.CallbackRequest;
    } catch {
      res.status(400).json({ error: "invalid json" });
      return;
    }
    // Not ready (or shutting down): LINE redelivers what is not answered 200.
    if (!this.inbox || this.stopping) {
      res.status(503).json({ error: "not ready" });
      return;
    }
    // The 200 goes out only once every event of the webhook is stored; otherwise LINE redelivers.
    this.track(
      this.process(payload).then(
        () => void res.status(200).json({}),
        (error: unknown) => {
          this.logger.error({ err: error }, "line webhook could not be stored; LINE will redeliver");
          if (!res.headersSent) res.status(500).json({ error: "try again" });
        },
      ),
    );
  }

  private track(work: Promise<void>): void {
    this.work.track(work);
  }

  /** Events of one webhook are accepted in order: they are one person's messages, in sequence. Answers
   *  the adapter gives by itself (greetings, pages of choices) change nothing and run after the 200. */
  private async process(payload: webhook.CallbackRequest): Promise<void> {
    for (const event of payload.events ?? []) await this.processEvent(payload.destination, event);
  }

  private async processEvent(destination: string, event: webhook.Event): Promise<void> {
    const log = this.logger.child({
      webhookEventId: event.webhookEventId,
      type: event.type,
      redelivery: event.deliveryContext?.isRedelivery,
    });
    // In standby another channel (a module, a human agent) answers; Kyodo must stay silent.
    if (event.mode === "standby") return log.debug("line event in standby mode ignored");
    const source = sourceOf(event.source);
    if (!source) return log.info("line event without a usable source ignored");
    const replyToken = "replyToken" in event && typeof event.replyToken === "string" ? event.replyToken : undefined;
    const target: SendTarget = { to: source.conversationId, replyToken, eventTime: event.timestamp };

    switch (event.type) {
      case "message":
        return this.onMessage(destination, event, source, target, log);
      case "postback":
        return this.onPostback(destination, event, source, target, log);
      case "follow":
        // A new (or returning) friend gets help, which tells an unlinked person how to link.
        if (!source.userId) return;
        return this.toEngine(
          {
            ...inboundBase(destination, event, { ...source, userId: source.userId }),
            kind: "action",
            actionId: COMMAND_ACTION,
            value: "help",
          },
          target,
        );
      case "join":
        return this.once(event, () => this.sendText(target, "line.joinGreeting"));
      case "memberJoined":
      case "memberLeft":
      case "leave":
      case "unfollow": {
        // Linking a group to an organ is the domain's business; the adapter reports what happened.
        const members = event.type === "memberJoined" ? event.joined.members : event.type === "memberLeft" ? event.left.members : [];
        return log.info(
          { conversationId: source.conversationId, group: source.group, members: members.map((m) => m.userId) },
          "line membership event",
        );
      }
      default:
        return log.debug("line event type not used by Kyodo");
    }
  }

  private async onMessage(
    destination: string,
    event: webhook.MessageEvent,
    source: LineSource,
    target: SendTarget,
    log: Logger,
  ): Promise<void> {
    if (event.message.type !== "text") {
      // Stickers and photos in a group are chatter; in a 1:1 chat the person deserves a hint.
      if (!source.group) this.once(event, () => this.sendText(target, "line.textOnly"));
      return;
    }
    const text = addressedText(event.message, source.group);
    if (text === undefined) return;
    if (!source.userId) return log.info("line text from an unidentified group member ignored");
    await this.toEngine({ ...inboundBase(destination, event, { ...source, userId: source.userId }), kind: "text", text }, target);
  }

  private async onPostback(
    destination: string,
    event: webhook.PostbackEvent,
    source: LineSource,
    target: SendTarget,
    log: Logger,
  ): Promise<void> {
    const now = this.clock();
    const postback = await decodePostback(this.options.payloads, event.postback.data, now);
    switch (postback.kind) {
      case "action": {
        if (!source.userId) return log.info("line postback from an unidentified group member ignored");
        const press = {
          eventId: event.webhookEventId,
          workspace: destination,
          conversationId: source.conversationId,
          userId: source.userId,
        };
        if (this.doubleTaps.isRepeat({ ...press, actionId: postback.actionId, value: postback.value, atMs: event.timestamp }))
          return log.info("line double tap of one button: the second press is not handled again");
        return this.toEngine(
          {
            ...inboundBase(destination, event, { ...source, userId: source.userId }),
            kind: "action",
            actionId: postback.actionId,
            value: postback.value,
          },
          target,
        );
      }
      case "more":
        return this.once(event, async () => {
          const quickReply = await buildQuickReply(this.options.payloads, postback.choices, postback.prompt, this.texts, now);
          await this.sender.deliver(target, [{ type: "text", text: postback.prompt ?? bilingual("line.morePrompt"), quickReply }]);
        });
      case "confirm":
        return this.once(event, async () => {
          const { choice } = postback;
          const quickReply = await buildConfirmReply(this.options.payloads, choice, this.texts, now);
          await this.sender.deliver(target, [
            { type: "text", text: `${choice.confirm?.title ?? ""}\n${choice.confirm?.text ?? ""}`.trim() || choice.label, quickReply },
          ]);
        });
      case "expired":
        return this.once(event, () => this.sendText(target, "line.expiredButton"));
      case "noop":
        return;
      case "unknown":
        return log.warn("line postback data not recognised");
    }
  }

  private async toEngine(event: InboundEvent, target: SendTarget): Promise<void> {
    const outcome = await this.inbox!.accept(event, { target });
    if (outcome === "duplicate") this.logger.info({ webhookEventId: event.eventId }, "line redelivery of an event already accepted");
  }

  private compose(messages: OutboundMessage[]): Promise<LineMessage[]> {
    return composeMessages(messages, this.options.payloads, this.texts, this.clock());
  }

  /** A notice from the adapter itself, Japanese first then English, each on its own lines. */
  private async sendText(target: SendTarget, key: string): Promise<void> {
    await this.sender.deliver(target, [{ type: "text", text: `${translator("ja")(key)}\n\n${translator("en")(key)}` }]);
  }

  /** An answer the adapter gives by itself, once per event (see AdapterWork). */
  private once(event: webhook.Event, answer: () => Promise<void>): void {
    const { webhookEventId } = event;
    this.work.once(webhookEventId, answer, (error) => this.logger.error({ err: error, webhookEventId }, "line answer failed"));
  }
}

/** LINE user ids start with U; group ids with C and room ids with R. */
function isUserId(id: string): boolean {
  return id.startsWith("U");
}

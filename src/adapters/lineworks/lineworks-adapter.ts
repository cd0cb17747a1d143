// The LINE WORKS channel (Bot API 2.0). LINE WORKS posts one signed event per request to
// POST /lineworks/callback; the signature (X-WORKS-Signature) is checked on the raw body, the event is
// read with zod, and what changes something is accepted into Kyodo's inbox before the 200 — the answers
// come back through `reply` once the inbox has worked on it. LINE WORKS gives events no id and says it
// does not resend a failed callback (bot-callback-postback: "送信に失敗しても再送されません"); a request
// can still arrive twice (a proxy retrying, a replay), so the event's id is a digest of its signed body,
// which holds the issuedTime to the millisecond: the inbox recognises a repeat and does nothing.
// A person's 1:1 talk with the bot is "users/<userId>"; a talk room is "channels/<channelId>". In a talk
// room Kyodo answers texts addressed to it ("/kyodo …") and its own buttons; personal flows started there
// continue in the person's 1:1 talk, which the bot can always write to (openDirectConversation).
import { createHash } from "node:crypto";
import express, { type Request, type RequestHandler, type Response } from "express";
import type { Logger } from "pino";
import {
  DeliveryError,
  type AdapterServices,
  type ChannelAdapter,
  type DirectOpener,
  type InboundHandler,
  type InboxPort,
  type ReplyContext,
  type UndeliveredReplies,
} from "../../engine/adapter.ts";
import { bilingual } from "../../engine/i18n.ts";
import type { ConversationRef, InboundEvent, OutboundMessage } from "../../engine/messages.ts";
import { INTERACTIVE_RETRY, OUTBOX_ATTEMPT, type RetryPolicy } from "../../lib/retry-policy.ts";
import { AdapterWork } from "../shared/adapter-work.ts";
import { DoubleTapGuard } from "../shared/double-tap.ts";
import { startsWithKyodoPrefix } from "../shared/addressed-text.ts";
import { decodePostback, type ActionPayloadStore } from "../shared/postback-data.ts";
import { AccessTokenSource, type ServiceAccountCredentials } from "./access-token.ts";
import { readCallback, verifyCallbackSignature, type CallbackEvent } from "./callback-schema.ts";
import { isDestination, LineWorksApi, type Destination } from "./lineworks-api.ts";
import { asFallback, composeContents, confirmTemplate, quickReply, type Content, type RenderTexts } from "./render-content.ts";

export const CALLBACK_PATH = "/lineworks/callback";

type EventBase = Pick<InboundEvent, "eventId" | "ref" | "user" | "receivedAt">;

export interface LineWorksAdapterOptions extends ServiceAccountCredentials {
  botId: string;
  botSecret: string;
  /** another API host than https://www.worksapis.com/v1.0: a proxy, or the fake LINE WORKS API in tests */
  apiBaseUrl?: string;
  /** keeps button actions too long to ride in a button */
  payloads: ActionPayloadStore;
  logger: Logger;
  /** retries of answers to a person (quick; then the outbox takes over) */
  retry?: Partial<RetryPolicy>;
  clock?: () => Date;
}

export class LineWorksAdapter implements ChannelAdapter, DirectOpener {
  readonly platform = "lineworks";
  private readonly options: LineWorksAdapterOptions;
  private readonly logger: Logger;
  private readonly clock: () => Date;
  private readonly texts: RenderTexts;
  private readonly retry: RetryPolicy;
  readonly api: LineWorksApi;
  private inbox: InboxPort | undefined;
  private undelivered: UndeliveredReplies | undefined;
  private stopping = false;
  private readonly work = new AdapterWork();
  private readonly doubleTaps = new DoubleTapGuard();

  constructor(options: LineWorksAdapterOptions) {
    this.options = options;
    this.logger = options.logger.child({ channel: "lineworks" });
    this.clock = options.clock ?? (() => new Date());
    this.retry = { ...INTERACTIVE_RETRY, ...options.retry };
    const tokens = new AccessTokenSource(options, { now: () => this.clock().getTime() });
    this.api = new LineWorksApi({ botId: options.botId, tokens, logger: this.logger, apiBaseUrl: options.apiBaseUrl });
    // The adapter does not know the reader's language, so its own few words come in both.
    this.texts = {
      more: bilingual("lineworks.more"),
      cancel: bilingual("lineworks.cancel"),
      choose: bilingual("lineworks.choose"),
      formUnsupported: bilingual("lineworks.formUnsupported"),
    };
  }

  /** Handlers for POST /lineworks/callback. The body stays raw: the signature covers its exact bytes. */
  callbackHandlers(): RequestHandler[] {
    return [express.raw({ type: () => true, limit: "1mb" }), (req, res) => this.receive(req, res)];
  }

  start(handle: InboundHandler, services: AdapterServices = {}): Promise<void> {
    this.undelivered = services.undelivered;
    this.inbox = this.work.inbox(
      handle,
      services,
      (event, replies, context) => this.reply(event, replies, context),
      (error, event) => this.logger.error({ err: error, eventId: event.eventId }, "lineworks event failed"),
    );
    this.stopping = false;
    return Promise.resolve();
  }

  /** Answers an event the inbox has worked on, in the talk it came from. */
  async reply(event: InboundEvent, replies: OutboundMessage[], context: ReplyContext | undefined): Promise<void> {
    const to = (context as { to?: string } | undefined)?.to ?? event.ref.conversationId;
    if (replies.length === 0 || !isDestination(to)) return;
    try {
      await this.sendAll(to, await this.compose(replies), this.retry);
    } catch (error) {
      // Every quick retry failed: the answers (a vote receipt, say) go to the outbox rather than being dropped.
      if (!this.undelivered) throw error;
      this.logger.warn({ err: error, eventId: event.eventId }, "lineworks answer not delivered; handed to the outbox");
      await this.undelivered(event.ref, replies, event.eventId);
    }
  }

  /** Sends into a talk outside an answer (reminders, broadcasts), one try: the outbox retries. */
  async post(ref: ConversationRef, message: OutboundMessage): Promise<void> {
    if (!isDestination(ref.conversationId))
      throw new DeliveryError(`not a LINE WORKS destination: ${ref.conversationId.slice(0, 40)}`, { retryable: false });
    await this.sendAll(ref.conversationId, await this.compose([message]), OUTBOX_ATTEMPT);
  }

  /** A bot may write to any member of its tenant: the 1:1 talk needs no opening. */
  openDirectConversation(workspace: string, externalUserId: string): Promise<ConversationRef> {
    return Promise.resolve({ platform: this.platform, workspace, conversationId: `users/${externalUserId}`, isDirect: true });
  }

  /** Resolves when every callback received so far has been handled. */
  async idle(): Promise<void> {
    await this.work.idle();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.idle();
  }

  private receive(req: Request, res: Response): void {
    const body: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (!verifyCallbackSignature(body, req.header("x-works-signature"), this.options.botSecret)) {
      this.logger.warn({ bytes: body.length }, "lineworks callback with a bad signature refused");
      res.status(401).json({ error: "invalid signature" });
      return;
    }
    // Signed with this bot's secret, but meant for another bot of the same secret: not ours to answer.
    const botId = req.header("x-works-botid");
    if (botId && botId !== this.options.botId) {
      this.logger.warn({ botId }, "lineworks callback for another bot refused");
      res.status(400).json({ error: "unknown bot" });
      return;
    }
    let event: CallbackEvent;
    try {
      const read = readCallback(JSON.parse(body.toString("utf8")));
      if (!read.ok) {
        this.logger.warn({ reason: read.reason }, "signed lineworks callback with an unexpected shape refused");
        res.status(400).json({ error: "invalid body" });
        return;
      }
      event = read.event;
    } catch {
      res.status(400).json({ error: "invalid json" });
      return;
    }
    if (!this.inbox || this.stopping) {
      res.status(503).json({ error: "not ready" });
      return;
    }
    const eventId = createHash("sha256").update(body).digest("base64url").slice(0, 32);
    // The 200 goes out only once the event is stored; LINE WORKS does not resend, so a failure is logged loudly.
    this.track(
      this.process(event, eventId).then(
        () => void res.status(200).json({}),
        (error: unknown) => {
          this.logger.error({ err: error, eventId }, "lineworks callback could not be stored");
          if (!res.headersSent) res.status(500).json({ error: "try again" });
        },
      ),
    );
  }

  private track(work: Promise<void>): void {
    this.work.track(work);
  }

  private async process(event: CallbackEvent, eventId: string): Promise<void> {
    const { userId, channelId } = event.source;
    const room = channelId !== undefined;
    const to: Destination = room ? `channels/${channelId}` : `users/${userId ?? ""}`;
    const ref: ConversationRef = {
      platform: this.platform,
      workspace: String(event.source.domainId ?? "lineworks"),
      conversationId: to,
      ...(room ? {} : { isDirect: true }),
    };
    const log = this.logger.child({ eventId, type: event.type, room });
    const base = (user: string): EventBase => ({ eventId, ref, user: { externalId: user }, receivedAt: new Date(event.issuedTime) });
    switch (event.type) {
      case "message":
      case "postback": {
        if (!userId) return log.info("lineworks event without a user ignored");
        const data = event.type === "postback" ? event.data : event.content?.postback;
        if (data !== undefined) return this.onButton(data, base(userId), to, eventId, log);
        if (event.content?.type !== "text" || typeof event.content.text !== "string") {
          // Stamps and photos in a talk room are chatter; in a 1:1 talk the person deserves a hint.
          if (!room) this.once(eventId, () => this.sendNotice(to, "lineworks.textOnly"));
          return;
        }
        const text = room ? addressed(event.content.text) : event.content.text;
        if (text === undefined) return;
        return this.toEngine({ ...base(userId), kind: "text", text }, to);
      }
      case "join":
        // Kyodo was invited into a talk room: it says how to address it there.
        return this.once(eventId, () => this.sendNotice(to, "lineworks.joinGreeting"));
      case "leave":
      case "joined":
      case "left":
        // Linking a talk room to an organ is the domain's business; the adapter reports what happened.
        return log.info({ conversationId: to }, "lineworks membership event");
      default:
        return log.debug("lineworks event type not used by Kyodo");
    }
  }

  private async onButton(data: string, base: EventBase, to: Destination, eventId: string, log: Logger): Promise<void> {
    const now = this.clock();
    const postback = await decodePostback(this.options.payloads, data, now);
    switch (postback.kind) {
      case "action": {
        const { actionId, value } = postback;
        const press = { eventId, workspace: base.ref.workspace, conversationId: to, userId: base.user.externalId, actionId, value };
        // Each tap is its own callback: a double tap is one press, not an "out of date" answer to the second.
        if (this.doubleTaps.isRepeat({ ...press, atMs: base.receivedAt.getTime() }))
          return log.info("lineworks double tap of one button: the second press is not handled again");
        return this.toEngine({ ...base, kind: "action", actionId, value }, to);
      }
      case "more":
        return this.once(eventId, async () => {
          const reply = await quickReply(this.options.payloads, postback.choices, postback.prompt, this.texts, now);
          await this.sendAll(
            to,
            [{ type: "text", text: postback.prompt ?? bilingual("lineworks.morePrompt"), quickReply: reply }],
            this.retry,
          );
        });
      case "confirm":
        return this.once(eventId, async () =>
          this.sendAll(to, [await confirmTemplate(this.options.payloads, postback.choice, this.texts, now)], this.retry),
        );
      case "expired":
        return this.once(eventId, () => this.sendNotice(to, "lineworks.expiredButton"));
      case "noop":
        return;
      case "unknown":
        return log.warn("lineworks button data not recognised");
    }
  }

  private async toEngine(event: InboundEvent, to: Destination): Promise<void> {
    const outcome = await this.inbox!.accept(event, { to });
    if (outcome === "duplicate") this.logger.info({ eventId: event.eventId }, "lineworks callback already accepted; repeat ignored");
  }

  private compose(messages: OutboundMessage[]): Promise<Content[]> {
    return composeContents(messages, this.options.payloads, this.texts, this.clock());
  }

  /** Sends contents one request each, in order; a flexible or list template LINE WORKS refuses goes again in a
   *  simpler form (text, a button template). */
  private async sendAll(to: Destination, contents: Content[], policy: RetryPolicy): Promise<void> {
    for (const content of contents) {
      try {
        await this.api.send(to, content, policy);
      } catch (error) {
        const fallback = asFallback(content);
        if (!(error instanceof DeliveryError) || error.status !== 400 || !fallback) throw error;
        this.logger.warn({ err: error, type: content.type }, "lineworks refused a template; sending a simpler one");
        await this.api.send(to, fallback, policy);
      }
    }
  }

  /** A notice from the adapter itself, Japanese first then English. */
  private async sendNotice(to: Destination, key: string): Promise<void> {
    await this.sendAll(to, [{ type: "text", text: bilingual(key) }], this.retry);
  }

  /** An answer the adapter gives by itself, once per event (see AdapterWork). */
  private once(eventId: string, answer: () => Promise<void>): void {
    this.work.once(eventId, answer, (error) => this.logger.error({ err: error, eventId }, "lineworks answer failed"));
  }
}

/** The text to hand to the engine from a talk room, or undefined when it is not addressed to Kyodo. */
export function addressed(text: string): string | undefined {
  return startsWithKyodoPrefix(text) ? text : undefined;
}

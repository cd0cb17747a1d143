// The Mattermost channel, for chat inside the municipal network (self-hosted Mattermost, and servers
// that speak its integration API). Mattermost calls Kyodo at POST /mattermost/command (the /kyodo slash
// command, checked against the command token in constant time) and POST /mattermost/actions (button and
// menu presses, dialog submissions; checked by the signature Kyodo put in each button). Kyodo calls only
// the configured Mattermost host: REST API v4 with the bot token, and its WebSocket for direct messages.
import express, { type Express, type Request, type Response } from "express";
import type { Logger } from "pino";
import {
  DeliveryError,
  DirectConversationError,
  immediateInbox,
  type AdapterServices,
  type ChannelAdapter,
  type DirectOpener,
  type InboundHandler,
  type InboxPort,
  type ReplyContext,
  type UndeliveredReplies,
} from "../../engine/adapter.ts";
import { bilingual, translator, type Locale } from "../../engine/i18n.ts";
import type { ConversationRef, InboundEvent, OutboundMessage } from "../../engine/messages.ts";
import { safeEqual } from "../shared/hmac.ts";
import { ContextSigner } from "./action-context.ts";
import { actionCallbackSchema, callbackBodySchema, dialogSubmissionSchema, readJson, slashCommandSchema } from "./callback-schema.ts";
import { MattermostInbound, PLATFORM, type ActionCallback, type DialogSubmission, type SlashCommandPayload } from "./inbound.ts";
import { MattermostApi, MattermostApiError, type MattermostApiOptions } from "./mattermost-api.ts";
import { ReplySender } from "./replies.ts";
import { MattermostSocket } from "./websocket.ts";

/** How long a push with buttons waits for Kyodo's callback address to be known (configured or learnt). */
const CALLBACK_UNKNOWN_RETRY_MS = 5 * 60_000;

/** Kyodo does not know the address Mattermost reaches it by, so it cannot put a working button in a post. */
export class CallbackUnknownError extends Error {
  constructor() {
    super(bilingual("tidy.mattermost.callbackUrlMissing"));
    this.name = "CallbackUnknownError";
  }
}

export const COMMAND_PATH = "/mattermost/command";
export const ACTIONS_PATH = "/mattermost/actions";
const BODY_LIMIT = "1mb";

export interface MattermostAdapterOptions {
  /** the Mattermost server as Kyodo reaches it, e.g. http://mattermost.city.lg.jp */
  url: string;
  botToken: string;
  /** the slash command's token(s); one per team when /kyodo is set up in several teams */
  commandTokens: string[];
  /** Kyodo's own base URL as Mattermost reaches it (for buttons and dialogs): MATTERMOST_CALLBACK_URL, else
   *  KYODO_PUBLIC_URL. When neither is set it is learnt from the first slash command (its token proves
   *  it is Mattermost's; an unsigned button callback could name any host); until then a push with buttons is held back (CallbackUnknownError). */
  callbackUrl?: string;
  /** receive direct messages over the WebSocket */
  websocket: boolean;
  logger: Logger;
  /** language of the adapter's own words (button captions, notices) */
  locale: Locale;
  api?: Partial<Omit<MattermostApiOptions, "baseUrl" | "token" | "logger">>;
  reconnectMs?: number;
}

export class MattermostAdapter implements ChannelAdapter, DirectOpener {
  readonly platform = PLATFORM;
  readonly api: MattermostApi;
  readonly replies: ReplySender;
  /** the same, trying each call once: the outbox owns the retries of its sends */
  private readonly outboxReplies: ReplySender;
  private undelivered: UndeliveredReplies | undefined;
  private readonly options: MattermostAdapterOptions;
  private readonly logger: Logger;
  private readonly signer: ContextSigner;
  private readonly workspace: string;
  private inbound: MattermostInbound | undefined;
  private inbox: InboxPort | undefined;
  private socket: MattermostSocket | undefined;
  private bot: Promise<{ id: string; username: string }> | undefined;
  private learnedBase: string | undefined;
  private readonly inflight = new Set<Promise<unknown>>();

  constructor(options: MattermostAdapterOptions) {
    this.options = options;
    this.logger = options.logger.child({ channel: PLATFORM });
    this.api = new MattermostApi({ ...options.api, baseUrl: options.url, token: options.botToken, logger: this.logger });
    this.signer = new ContextSigner(options.botToken);
    // User ids are unique per Mattermost server, across its teams: the server is the workspace.
    this.workspace = new URL(options.url).host;
    const replyOptions = {
      api: this.api,
      signer: this.signer,
      t: translator(options.locale),
      logger: this.logger,
      actionsUrl: () => {
        const base = options.callbackUrl ?? this.learnedBase;
        // Never Kyodo's own HOST:PORT: Mattermost (another machine) cannot reach it, and a button that
        // calls nowhere looks to the person as if Kyodo ignored them.
        if (!base) throw new CallbackUnknownError();
        return `${base.replace(/\/+$/, "")}${ACTIONS_PATH}`;
      },
      botUserId: async () => (await this.identify()).id,
      undelivered: () => this.undelivered,
    };
    this.replies = new ReplySender(replyOptions);
    this.outboxReplies = new ReplySender({ ...replyOptions, api: this.api.forOutbox() });
  }

  /** Adds POST /mattermost/command and POST /mattermost/actions; bodies stay raw until checked. */
  mount(app: Express): void {
    const raw = express.raw({ type: () => true, limit: BODY_LIMIT });
    app.post(COMMAND_PATH, raw, (req, res) => this.track(this.command(req, res)));
    app.post(ACTIONS_PATH, raw, (req, res) => this.track(this.action(req, res)));
  }

  async start(handle: InboundHandler, services: AdapterServices = {}): Promise<void> {
    this.undelivered = services.undelivered;
    const inbox = services.inbox;
    if (!this.options.callbackUrl) this.logger.warn(bilingual("tidy.mattermost.callbackUrlMissing"));
    try {
      const bot = await this.identify();
      this.logger.info({ bot: bot.username }, "mattermost bot identified");
    } catch (error) {
      if (error instanceof MattermostApiError && (error.status === 401 || error.status === 403)) {
        throw new Error(bilingual("mattermost.badToken", { error: error.errorId }));
      }
      this.logger.warn({ err: error }, "mattermost unreachable at start; will identify the bot on first use");
    }
    // Without Kyodo's inbox (a test driving this adapter alone) direct messages run as they arrive.
    this.inbox =
      inbox ??
      immediateInbox(
        handle,
        (event, replies, context) => this.reply(event, replies, context),
        (error, event) => this.logger.error({ err: error, eventId: event.eventId }, "mattermost event failed"),
        (work) => this.track(work),
      );
    this.inbound = new MattermostInbound({
      handle,
      inbox: this.inbox,
      replies: this.replies,
      signer: this.signer,
      t: translator(this.options.locale),
      logger: this.logger,
      workspace: this.workspace,
      botUserId: async () => (await this.identify()).id,
    });
    if (this.options.websocket) {
      const inbound = this.inbound;
      this.socket = new MattermostSocket({
        baseUrl: this.options.url,
        token: this.options.botToken,
        logger: this.logger,
        botUserId: async () => (await this.identify()).id,
        onDirectPost: (post, sender) => inbound.directMessage(post, sender),
        reconnectMs: this.options.reconnectMs,
      });
      this.socket.start();
    }
  }

  /** Posts outside a reply (reminders, broadcasts) into a direct or group channel. The outbox's retry
   *  key becomes Mattermost's pending post id, so a quick resend after a lost answer is dropped. */
  async post(ref: ConversationRef, message: OutboundMessage, retryKey?: string): Promise<void> {
    try {
      await this.outboxReplies.createPosts(
        ref.conversationId,
        [message],
        { c: ref.conversationId, ...(ref.isDirect ? { d: 1 } : {}) },
        ref.threadId,
        retryKey,
      );
    } catch (error) {
      if (error instanceof CallbackUnknownError) {
        this.logger.error(bilingual("tidy.mattermost.callbackUrlMissing"));
        throw new DeliveryError(error.message, { retryable: true, retryAfterMs: CALLBACK_UNKNOWN_RETRY_MS });
      }
      if (!(error instanceof MattermostApiError)) throw error;
      throw new DeliveryError(error.message, { retryable: error.retryable, retryAfterMs: error.retryAfterMs, status: error.status });
    }
  }

  /** The person's direct channel with the bot (POST /api/v4/channels/direct), so pushes reach someone who
   *  linked with the slash command in a team channel. */
  async openDirectConversation(workspace: string, externalUserId: string): Promise<ConversationRef> {
    try {
      const channelId = await this.replies.directChannel(externalUserId);
      return { platform: PLATFORM, workspace, conversationId: channelId, isDirect: true };
    } catch (error) {
      if (error instanceof MattermostApiError) throw new DirectConversationError(`mattermost:${error.status ?? ""}:${error.errorId}`);
      throw error;
    }
  }

  /** The WebSocket, for tests and operators: resolves once connected. */
  get directMessages(): MattermostSocket | undefined {
    return this.socket;
  }

  /** Answers a direct message the inbox has worked on. */
  async reply(_event: InboundEvent, replies: OutboundMessage[], context: ReplyContext | undefined): Promise<void> {
    await this.inbound?.answer(replies, context);
  }

  /** Resolves when every request and direct message received so far has been handled. */
  async idle(): Promise<void> {
    do {
      await this.inbox?.idle?.();
      await Promise.allSettled([...this.inflight]);
    } while (this.inflight.size > 0);
    await this.socket?.idle();
  }

  async stop(): Promise<void> {
    await this.socket?.stop();
    this.socket = undefined;
    await this.idle();
    this.inbound = undefined;
  }

  /** Who the bot is; asked once, asked again after a failure. */
  private identify(): Promise<{ id: string; username: string }> {
    this.bot ??= this.api.me().catch((error: unknown) => {
      this.bot = undefined;
      throw error;
    });
    return this.bot;
  }

  private track(work: Promise<void>): void {
    this.inflight.add(work);
    void work.finally(() => this.inflight.delete(work));
  }

  /** The address Mattermost used to reach Kyodo is where its buttons and dialogs should call back. Only
   *  learnt from a request that proved to be Mattermost's (the command token matched). */
  private learnBase(req: Request): void {
    if (!this.options.callbackUrl && req.get("host")) this.learnedBase = `${req.protocol}://${req.get("host")}`;
  }

  private async command(req: Request, res: Response): Promise<void> {
    const raw = Buffer.isBuffer(req.body) ? req.body.toString("utf8") : "";
    const fields = readFields(raw, req.header("content-type"));
    // Every configured token is compared, in constant time, whatever matches first.
    const given = typeof fields.token === "string" ? fields.token : "";
    const valid = this.options.commandTokens.map((token) => safeEqual(given, token)).includes(true);
    if (!valid) {
      this.logger.warn("mattermost command with a wrong token refused");
      res.status(401).json({ error: "invalid token" });
      return;
    }
    if (!this.inbound) {
      res.status(503).json({ error: "not ready" });
      return;
    }
    const shaped = slashCommandSchema.safeParse(fields);
    if (!shaped.success) {
      this.logger.warn({ reason: shaped.error.issues[0]?.path.join(".") }, "mattermost command with an unexpected shape refused");
      res.status(400).json({ error: "invalid command" });
      return;
    }
    const payload: SlashCommandPayload = shaped.data;
    this.learnBase(req);
    try {
      res.json(await this.inbound.command(payload));
    } catch (error) {
      this.logger.error({ err: error }, "mattermost command failed");
      if (!res.headersSent) res.status(500).json({ error: "internal error" });
    }
  }

  private async action(req: Request, res: Response): Promise<void> {
    const raw = Buffer.isBuffer(req.body) ? req.body.toString("utf8") : "";
    const read = readJson(callbackBodySchema, raw);
    if (!read.ok) {
      this.logger.warn({ reason: read.why }, "mattermost callback that is not a JSON object refused");
      res.status(400).json({ error: "invalid json" });
      return;
    }
    const body = read.value;
    if (!this.inbound) {
      res.status(503).json({ error: "not ready" });
      return;
    }
    try {
      const dialog = typeof body.type === "string" && body.type.startsWith("dialog_");
      const inbound = this.inbound;
      const shaped = dialog
        ? shapedCall(dialogSubmissionSchema.safeParse(body), (submission: DialogSubmission) => inbound.dialog(submission))
        : shapedCall(actionCallbackSchema.safeParse(body), (callback: ActionCallback) => inbound.action(callback));
      if (!shaped) {
        this.logger.warn({ dialog }, "mattermost callback with an unexpected shape refused");
        res.status(400).json({ error: "invalid callback" });
        return;
      }
      const answer = await shaped();
      if (answer.status === 401) this.logger.warn({ dialog }, "mattermost callback without Kyodo's signature refused");
      res.status(answer.status).json(answer.body);
    } catch (error) {
      this.logger.error({ err: error }, "mattermost action failed");
      if (!res.headersSent) res.status(500).json({ error: "internal error" });
    }
  }
}

/** The call to make with a checked body, or undefined when the body does not fit (400). */
function shapedCall<T, R>(parsed: { success: true; data: T } | { success: false }, call: (value: T) => R): (() => R) | undefined {
  return parsed.success ? () => call(parsed.data) : undefined;
}

/** Slash commands come form-encoded; accept JSON too, for servers that speak Mattermost's API. */
function readFields(raw: string, contentType: string | undefined): Record<string, unknown> {
  if ((contentType ?? "").includes("json")) {
    const read = readJson(callbackBodySchema, raw);
    return read.ok ? read.value : {};
  }
  return Object.fromEntries(new URLSearchParams(raw));
}

// The Slack channel, through Bolt for JavaScript. HTTP mode mounts `POST /slack/events` on Kyodo's own
// server; Socket Mode (when an app-level token is configured) connects out to Slack instead, for sites
// that cannot expose a URL. Either way the same listeners turn deliveries into neutral events
// (inbound.ts) and every Web API call goes through one client (slack-api.ts).
import { randomUUID } from "node:crypto";
import { App } from "@slack/bolt";
import type { Express } from "express";
import type { Logger } from "pino";
import {
  DeliveryError,
  DirectConversationError,
  immediateInbox,
  type AdapterServices,
  type ChannelAdapter,
  type DirectOpener,
  type InboundHandler,
  type ReplyContext,
  type UndeliveredReplies,
} from "../../engine/adapter.ts";
import { bilingual, translator, type Locale, type Translate } from "../../engine/i18n.ts";
import type { ConversationRef, InboundEvent, OutboundMessage } from "../../engine/messages.ts";
import { SlackHttpReceiver } from "./http-receiver.ts";
import { SlackInbound, type ViewSubmissionBody } from "./inbound.ts";
import { renderMessage, type SlackMessage } from "./messages.ts";
import { FORM_CALLBACK_ID } from "./modal.ts";
import { conversationRef, PLATFORM, workspaceOf, type BlockActionsPayload } from "./payloads.ts";
import { ReplySender } from "./replies.ts";
import { DEFAULT_SLACK_API_URL, SlackApi, SlackApiError, type SlackApiOptions } from "./slack-api.ts";
import { slackLogger } from "./slack-logger.ts";

export interface SlackAdapterOptions {
  botToken: string;
  /** HTTP mode: verifies every request to /slack/events */
  signingSecret?: string;
  /** Socket Mode: an app-level token (xapp-…) */
  appToken?: string;
  /** Web API base URL (tests, proxies); Slack's own by default */
  apiUrl?: string;
  logger: Logger;
  /** language of the adapter's own words (button captions, notices) */
  locale: Locale;
  /** tuning of the Web API client (tests shorten waits) */
  api?: Partial<Omit<SlackApiOptions, "token" | "logger" | "apiUrl">>;
}

/** Slack answers these when the token itself is wrong; Kyodo should not start pretending it works. */
const TOKEN_ERRORS = new Set([
  "invalid_auth",
  "not_authed",
  "account_inactive",
  "token_revoked",
  "token_expired",
  "not_allowed_token_type",
]);

export class SlackAdapter implements ChannelAdapter, DirectOpener {
  readonly platform = PLATFORM;
  readonly mode: "http" | "socket";
  readonly api: SlackApi;
  private readonly receiver: SlackHttpReceiver | undefined;
  private readonly replies: ReplySender;
  private undelivered: UndeliveredReplies | undefined;
  private readonly t: Translate;
  private readonly logger: Logger;
  private readonly options: SlackAdapterOptions;
  private bolt: App | undefined;
  private inbound: SlackInbound | undefined;
  private readonly inflight = new Set<Promise<void>>();
  /** the bot's own ids, so Bolt can ignore Kyodo's own messages */
  private bot: { userId: string; botId: string } | undefined;
  private identifying: Promise<void> | undefined;

  constructor(options: SlackAdapterOptions) {
    this.options = options;
    this.logger = options.logger.child({ channel: PLATFORM });
    this.t = translator(options.locale);
    this.mode = options.appToken ? "socket" : "http";
    if (this.mode === "http" && !options.signingSecret) throw new Error("Slack HTTP mode needs a signing secret");
    this.api = new SlackApi({ ...options.api, token: options.botToken, logger: this.logger, apiUrl: options.apiUrl });
    this.replies = new ReplySender({ api: this.api, t: this.t, logger: this.logger, undelivered: () => this.undelivered });
    this.receiver =
      this.mode === "http"
        ? new SlackHttpReceiver({ signingSecret: options.signingSecret!, sdkLogger: slackLogger(this.logger) })
        : undefined;
  }

  /** HTTP mode: adds POST /slack/events to Kyodo's server (before it starts listening). */
  mount(app: Express): void {
    this.receiver?.mount(app);
  }

  async start(handle: InboundHandler, services: AdapterServices = {}): Promise<void> {
    this.undelivered = services.undelivered;
    const inbox = services.inbox;
    this.bot = await this.identifyBot();
    const clientOptions = { slackApiUrl: this.options.apiUrl ?? DEFAULT_SLACK_API_URL, retryConfig: { retries: 0 } };
    const bolt = new App({
      // Bolt authorizes every delivery before our listener can acknowledge it; answering from what we
      // already know keeps a slow Slack (an auth.test per delivery) from delaying the acknowledgement.
      authorize: () => {
        if (!this.bot) void this.identifyLater();
        return Promise.resolve({ botToken: this.options.botToken, botId: this.bot?.botId, botUserId: this.bot?.userId });
      },
      logger: slackLogger(this.logger),
      clientOptions,
      // Kyodo keeps conversations in its own database; Bolt's in-memory store would only cost every delivery a lookup.
      convoStore: false,
      ...(this.receiver
        ? { receiver: this.receiver }
        : {
            socketMode: true,
            appToken: this.options.appToken,
            installerOptions: { clientOptions: { slackApiUrl: clientOptions.slackApiUrl } },
          }),
    });
    // Without Kyodo's inbox (a test driving this adapter alone) events run right after the acknowledgement.
    const port =
      inbox ??
      immediateInbox(
        handle,
        (event, replies, context) => this.reply(event, replies, context, false),
        (error, event) => this.logger.error({ err: error, eventId: event.eventId }, "slack event failed"),
        (work) => {
          this.inflight.add(work);
          void work.finally(() => this.inflight.delete(work));
        },
      );
    this.inbound = new SlackInbound({ handle, inbox: port, api: this.api, replies: this.replies, t: this.t, logger: this.logger });
    this.listen(bolt, this.inbound);
    this.bolt = bolt;
    if (this.mode === "socket") {
      // Connecting may take a while (or retry while Slack is unreachable); Kyodo's other channels start meanwhile.
      bolt.start().then(
        () => this.logger.info("slack socket mode connected"),
        (error: unknown) => this.logger.error({ err: error }, "slack socket mode could not connect"),
      );
    }
  }

  /** Posts outside a reply (reminders, broadcasts). A user id as conversation means their DM with Kyodo. */
  async post(ref: ConversationRef, message: OutboundMessage): Promise<void> {
    // One try per call: the outbox owns the retries, so a 429 here reschedules this delivery instead of
    // sleeping on it while other recipients wait.
    const context = { requestId: `post-${randomUUID()}`, outbox: true };
    try {
      const channel = /^[UW][A-Z0-9]+$/.test(ref.conversationId)
        ? await this.replies.dmChannel(ref.conversationId, context)
        : ref.conversationId;
      const render = this.replies.withCharts(await this.replies.charts.uploadAll([message], context));
      for (const part of renderMessage(message, render)) {
        const send = async (m: SlackMessage) => {
          await this.api.call(
            "chat.postMessage",
            { channel, thread_ts: ref.threadId, unfurl_links: false, text: m.text, blocks: m.blocks },
            context,
          );
        };
        await this.replies.charts.sendWithFallback(part, send, context);
      }
    } catch (error) {
      if (!(error instanceof SlackApiError)) throw error;
      // The outbox retries what may succeed later (rate limits, Slack or the network down), not refusals.
      throw new DeliveryError(error.message, { retryable: error.retryable, retryAfterMs: error.retryAfterMs });
    }
  }

  /** Delivers the replies of an event accepted earlier (by this process, or by one that has since died). */
  async reply(event: InboundEvent, replies: OutboundMessage[], context: ReplyContext | undefined, late: boolean): Promise<void> {
    await this.inbound?.answer(event, replies, context, late);
  }

  /** Resolves when events run without an inbox have finished. */
  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  /** Opens (or finds) the person's DM with Kyodo with conversations.open, so pushes reach someone who
   *  linked in a channel. Slack refusing (user_disabled, missing_scope…) is reported with its code. */
  async openDirectConversation(workspace: string, externalUserId: string): Promise<ConversationRef> {
    try {
      const channel = await this.replies.dmChannel(externalUserId, { requestId: `open-dm-${randomUUID()}` });
      return conversationRef(workspace, channel, undefined, true);
    } catch (error) {
      if (error instanceof SlackApiError) throw new DirectConversationError(`slack:${error.code}`);
      throw error;
    }
  }

  async stop(): Promise<void> {
    await this.idle();
    const bolt = this.bolt;
    this.bolt = undefined;
    await bolt?.stop();
  }

  /** Identifies the bot after a failed start-up attempt, once at a time, without holding anyone up. */
  private identifyLater(): Promise<void> {
    this.identifying ??= this.identifyBot()
      .then(
        (bot) => {
          this.bot = bot;
        },
        () => undefined,
      )
      .finally(() => {
        this.identifying = undefined;
      });
    return this.identifying;
  }

  /** Who the bot is (auth.test). A rejected token stops startup; an unreachable Slack only delays this. */
  private async identifyBot(): Promise<{ userId: string; botId: string } | undefined> {
    try {
      const result = await this.api.call<{ user_id?: string; bot_id?: string; team_id?: string }>(
        "auth.test",
        {},
        { requestId: "startup" },
      );
      this.logger.info({ team: result.team_id, botUser: result.user_id }, "slack bot identified");
      return result.user_id && result.bot_id ? { userId: result.user_id, botId: result.bot_id } : undefined;
    } catch (error) {
      if (error instanceof SlackApiError && TOKEN_ERRORS.has(error.code))
        throw new Error(bilingual("slack.badToken", { error: error.code }));
      this.logger.warn({ err: error }, "slack auth.test failed; will identify the bot on the first delivery");
      return undefined;
    }
  }

  private listen(bolt: App, inbound: SlackInbound): void {
    const requestIdOf = (context: Record<string, unknown>) => (typeof context.requestId === "string" ? context.requestId : randomUUID());
    // Every listener first accepts the delivery into Kyodo's inbox and only then acknowledges, so an
    // acknowledged event is never lost (issue #14). If accepting fails, `failed` makes the HTTP receiver
    // answer 500 and Slack retries (Events API) or the person sees the failure and tries again.
    const guarded = (context: Record<string, unknown>, work: () => Promise<void>) =>
      work().catch((error: unknown) => {
        const outcome = context.outcome as { failed?: boolean } | undefined;
        if (outcome) outcome.failed = true;
        throw error;
      });
    bolt.command(/.*/, async ({ ack, command, context }) => {
      await guarded(context, () => inbound.slashCommand(command, requestIdOf(context)));
      await ack();
    });
    bolt.action(/.*/, async ({ ack, body, context }) => {
      if (body.type === "block_actions")
        await guarded(context, () => inbound.blockAction(body as unknown as BlockActionsPayload, requestIdOf(context)));
      await ack();
    });
    bolt.view(FORM_CALLBACK_ID, async ({ ack, body, context }) => {
      await guarded(context, () =>
        inbound.viewSubmission(body as unknown as ViewSubmissionBody, (response) => ack(response as never), requestIdOf(context)),
      );
    });
    // Events API deliveries are acknowledged by Bolt itself; in HTTP mode the answer waits for the listener.
    bolt.event("message", async ({ event, body, context }) => {
      await guarded(context, () => inbound.message(body, event, false, requestIdOf(context)));
    });
    bolt.event("app_mention", async ({ event, body, context }) => {
      await guarded(context, () => inbound.message(body, event, true, requestIdOf(context)));
    });
    bolt.event("app_home_opened", ({ event, body, context }) => {
      if (event.tab !== "home") return Promise.resolve();
      const workspace = workspaceOf(body.enterprise_id, body.team_id);
      // Drawing the Home tab changes nothing: it runs after the acknowledgement, not through the inbox.
      void (async () => {
        const channel = event.channel || (await this.replies.dmChannel(event.user, { requestId: requestIdOf(context) }));
        await inbound.publishHome(workspace, event.user, channel, body.event_id, requestIdOf(context));
      })().catch((error: unknown) => this.logger.error({ err: error }, "slack home tab could not be drawn"));
      return Promise.resolve();
    });
    bolt.error((error) => {
      this.logger.error({ err: error }, "slack listener failed");
      return Promise.resolve();
    });
  }
}

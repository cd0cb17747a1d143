// Delivers the engine's replies to where the person is: back through a response URL (slash commands and
// ephemeral messages: only they see it), as messages in a conversation (the DM with Kyodo), or as an
// ephemeral message in a channel (after an @mention). The first form opens as a modal while the trigger
// id is fresh. Charts are drawn and uploaded first (chart-upload.ts) so their images can sit above their
// tables. When Slack refuses a reply, the failure is logged and the person is told, in plain words,
// through another path (their DM with Kyodo); when Slack only could not take it now (rate limited,
// down), the rest of the answer goes to the outbox, which posts it to their DM later.
import type { Logger } from "pino";
import type { UndeliveredReplies } from "../../engine/adapter.ts";
import type { Translate } from "../../engine/i18n.ts";
import type { Block, OutboundMessage } from "../../engine/messages.ts";
import { BoundedCache } from "../shared/bounded-cache.ts";
import { contextBlocks, type FormBlock, type RenderOptions } from "./block-kit.ts";
import { ChartUploader, type ChartImages } from "./chart-upload.ts";
import { fallbackText, renderMessage, type SlackMessage } from "./messages.ts";
import { buildModal, formButtonValue, FormSessions, type FormOrigin } from "./modal.ts";
import { SlackApiError, type CallContext, type SlackApi } from "./slack-api.ts";

/** Slack accepts five posts to one response URL. */
const RESPONSE_URL_USES = 5;

export type ReplyTarget =
  | { kind: "respond"; responseUrl: string }
  | { kind: "channel"; channel: string; threadTs?: string }
  | { kind: "ephemeral"; channel: string; threadTs?: string };

export interface Delivery {
  target: ReplyTarget;
  userId: string;
  /** lets the first form open as a modal straight away (valid three seconds after the person acted) */
  triggerId?: string;
  /** where answers to a form belong: the conversation of the flow */
  origin: FormOrigin;
  requestId: string;
}

export interface ReplySenderOptions {
  api: SlackApi;
  t: Translate;
  logger: Logger;
  /** where answers Slack could not take now go (the outbox), once the channel has started */
  undelivered?: () => UndeliveredReplies | undefined;
}

export class ReplySender {
  readonly sessions = new FormSessions();
  /** forms too large to ride in their button, until the button is pressed */
  readonly keptForms = new BoundedCache<FormBlock>(1000, 7 * 24 * 60 * 60 * 1000);
  readonly renderOptions: RenderOptions;
  readonly charts: ChartUploader;
  private readonly dmChannels = new BoundedCache<string>(10_000, 24 * 60 * 60 * 1000);
  private readonly responseUrlUses = new BoundedCache<number>(10_000, 30 * 60 * 1000);
  private readonly options: ReplySenderOptions;

  constructor(options: ReplySenderOptions) {
    this.options = options;
    this.renderOptions = { t: options.t, formButtonValue: (form) => formButtonValue(form, this.keptForms) };
    this.charts = new ChartUploader({ api: options.api, logger: options.logger });
  }

  /** Render options that show these uploaded chart images above their tables. */
  withCharts(images: ChartImages): RenderOptions {
    return images.size === 0 ? this.renderOptions : { ...this.renderOptions, chartImage: (chart) => images.get(chart) };
  }

  /** Sends every reply; returns false when Slack refused one (the person has then been told). */
  async deliver(replies: OutboundMessage[], delivery: Delivery): Promise<boolean> {
    const context = { requestId: delivery.requestId };
    let triggerId = delivery.triggerId;
    let sent = 0;
    try {
      for (const reply of replies) {
        let blocks: Block[] = reply.blocks;
        const form = reply.blocks.find((b): b is FormBlock => b.type === "form");
        if (form && triggerId) {
          const opened = await this.openForm(form, triggerId, delivery.origin, context);
          triggerId = undefined; // one trigger opens one modal
          if (!opened) blocks = [...blocks, { type: "context", text: this.options.t("slack.formOpenFailed") }];
        }
        // After the form: a trigger id lasts three seconds, and drawing and uploading charts takes time.
        const render = this.withCharts(await this.charts.uploadAll([reply], context));
        for (const message of renderMessage({ ...reply, blocks }, render)) {
          await this.charts.sendWithFallback(message, (m) => this.send(m, delivery), context);
        }
        sent += 1;
      }
      return true;
    } catch (error) {
      const undelivered = this.options.undelivered?.();
      if (error instanceof SlackApiError && error.retryable && undelivered) {
        // Not a refusal: the answers not yet sent are posted to the person's DM by the outbox later.
        const ref = { platform: "slack", workspace: "", conversationId: delivery.userId };
        try {
          await undelivered(ref, replies.slice(sent), delivery.requestId);
          this.options.logger.warn({ requestId: delivery.requestId, error: error.code }, "slack answer handed to the outbox");
          return false;
        } catch (queueError) {
          this.options.logger.error({ err: queueError, requestId: delivery.requestId }, "slack answer could not be queued");
        }
      }
      // Slack's refusals are logged by the API client; anything else (a rendering bug) is logged here.
      if (!(error instanceof SlackApiError))
        this.options.logger.error({ err: error, requestId: delivery.requestId }, "slack reply could not be rendered");
      await this.tellFailure(delivery);
      return false;
    }
  }

  /** Opens a form as a modal; false when Slack refused (already logged). */
  async openForm(form: FormBlock, triggerId: string, origin: FormOrigin, context: CallContext): Promise<boolean> {
    const sessionKey = this.sessions.open(form);
    const view = buildModal(form, origin, this.options.t, sessionKey ? { key: sessionKey, page: 0 } : undefined);
    try {
      await this.options.api.call("views.open", { trigger_id: triggerId, view }, context);
      return true;
    } catch (error) {
      if (error instanceof SlackApiError) return false;
      throw error;
    }
  }

  async send(message: SlackMessage, delivery: Delivery): Promise<void> {
    const { api } = this.options;
    const context = { requestId: delivery.requestId };
    const { target } = delivery;
    const content = { text: message.text, blocks: message.blocks };
    switch (target.kind) {
      case "respond": {
        const uses = this.responseUrlUses.get(target.responseUrl) ?? 0;
        if (uses < RESPONSE_URL_USES) {
          this.responseUrlUses.set(target.responseUrl, uses + 1);
          await api.respond(target.responseUrl, { response_type: "ephemeral", replace_original: false, ...content }, context);
          return;
        }
        // The response URL is used up: the rest goes to the person's DM with Kyodo.
        const channel = await this.dmChannel(delivery.userId, context);
        await api.call("chat.postMessage", { channel, ...content }, context);
        return;
      }
      case "channel":
        await api.call(
          "chat.postMessage",
          { channel: target.channel, thread_ts: target.threadTs, unfurl_links: false, ...content },
          context,
        );
        return;
      case "ephemeral":
        await api.call(
          "chat.postEphemeral",
          { channel: target.channel, user: delivery.userId, thread_ts: target.threadTs, ...content },
          context,
        );
        return;
    }
  }

  /** Replaces the acted-on buttons with "✅ Chosen: <label>", in place, so finished questions do not pile up. */
  async markChosen(
    update: {
      responseUrl?: string;
      ephemeral: boolean;
      channel?: string;
      ts?: string;
      text?: string;
      blocks?: Array<Record<string, unknown>>;
      blockId?: string;
    },
    label: string,
    context: CallContext,
  ): Promise<void> {
    const chosen = contextBlocks(this.options.t("slack.chosen", { label }));
    const blocks: unknown[] = update.blocks?.length
      ? update.blocks.flatMap((b): unknown[] => (b.block_id === update.blockId ? chosen : [b]))
      : chosen;
    const text = update.text || fallbackText(label);
    try {
      if ((update.ephemeral || !update.ts || !update.channel) && update.responseUrl) {
        await this.options.api.respond(update.responseUrl, { replace_original: true, text, blocks }, context);
      } else if (update.channel && update.ts) {
        await this.options.api.call("chat.update", { channel: update.channel, ts: update.ts, text, blocks }, context);
      }
    } catch (error) {
      // The answer itself went through; a stale button is a cosmetic loss, already logged.
      if (!(error instanceof SlackApiError)) throw error;
    }
  }

  /** The DM channel between Kyodo and a person (opened once, then remembered). */
  async dmChannel(userId: string, context: CallContext): Promise<string> {
    const known = this.dmChannels.get(userId);
    if (known) return known;
    const result = await this.options.api.call<{ channel?: { id?: string } }>("conversations.open", { users: userId }, context);
    const channel = result.channel?.id;
    if (!channel) throw new SlackApiError("conversations.open", "no_channel");
    this.dmChannels.set(userId, channel);
    return channel;
  }

  /** Tells the person, in their DM with Kyodo, that Slack refused the answer. */
  async tellFailure(delivery: Delivery): Promise<void> {
    const context = { requestId: delivery.requestId };
    const text = this.options.t("slack.sendFailed");
    try {
      const channel = await this.dmChannel(delivery.userId, context);
      if (delivery.target.kind === "channel" && delivery.target.channel === channel) return; // that is what failed
      await this.options.api.call("chat.postMessage", { channel, text: fallbackText(text), blocks: contextBlocks(text) }, context);
    } catch (error) {
      if (!(error instanceof SlackApiError)) throw error;
      this.options.logger.error(
        { requestId: delivery.requestId, user: delivery.userId },
        "could not tell the person that Slack refused a reply",
      );
    }
  }
}

// What happens when a person does something in Slack: each kind of delivery (slash command, DM,
// @mention, button or select, modal submission, opening the Home tab) becomes a neutral event for the
// engine, and the engine's replies go back where the person will look. Events that may change something
// are accepted into Kyodo's inbox (stored) before Slack gets its acknowledgement; the inbox runs them and
// hands the replies back to `answer` with the reply context saved at acceptance. A delivery seen before
// (Slack's retry, a double click) has the same event id and is recognised by the inbox.
import type { Logger } from "pino";
import type { InboundHandler, InboxPort, ReplyContext } from "../../engine/adapter.ts";
import type { Translate } from "../../engine/i18n.ts";
import { isRefusal, textMessage, type InboundEvent, type OutboundMessage } from "../../engine/messages.ts";
import { BoundedCache } from "../shared/bounded-cache.ts";
import { shortHash } from "../shared/hmac.ts";
import { FORM_BUTTON_ACTION, type FormBlock } from "./block-kit.ts";
import { renderHomeBlocks } from "./messages.ts";
import { buildModal, formFromButtonValue, nextPage, readSubmission, resolveIndexedValues, type FormOrigin } from "./modal.ts";
import {
  actionEventId,
  actionWorkspace,
  conversationRef,
  COMMAND_PREFIX,
  isDirectChannel,
  messageText,
  readAction,
  slashCommandEvent,
  workspaceOf,
  type BlockActionsPayload,
  type MessageEventPayload,
  type SlashCommandPayload,
} from "./payloads.ts";
import type { Delivery, ReplySender, ReplyTarget } from "./replies.ts";
import { SlackApiError, type SlackApi } from "./slack-api.ts";

/** How long a modal's submission may wait for the engine before it is acknowledged empty. */
const FORM_ANSWER_BUDGET_MS = 2000;
const TOO_SLOW = Symbol("too slow");
const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** The engine's problems with a form's answers, by field, when it sent the same form back with them. */
function fieldErrors(replies: OutboundMessage[] | undefined, formId: string): Record<string, string> | undefined {
  for (const reply of replies ?? []) {
    for (const block of reply.blocks) {
      if (block.type === "form" && block.formId === formId && block.errors && Object.keys(block.errors).length > 0) {
        return block.errors;
      }
    }
  }
  return undefined;
}

/** How long this process remembers a delivery; Slack retries within minutes, double clicks within seconds. */
const SEEN_TTL_MS = 60 * 60 * 1000;

export interface ViewSubmissionBody {
  trigger_id?: string;
  user: { id: string; team_id?: string; name?: string };
  team?: { id: string } | null;
  enterprise?: { id: string } | null;
  view: { id: string; private_metadata?: string; state?: { values?: Record<string, Record<string, never>> } };
}

type Ack = (response?: Record<string, unknown>) => Promise<void>;

/** What `answer` needs to reply to an accepted event: saved with the event in the inbox, so JSON only. */
export type SlackReplyContext = {
  delivery: Delivery;
  /** the pressed button, to be replaced by "✅ Chosen: …" once the press is handled */
  chosen?: { update: ChosenUpdate; label: string };
  /** a press in the Home tab: the tab is redrawn afterwards */
  home?: { workspace: string; userId: string; channel: string };
};

type ChosenUpdate = Parameters<ReplySender["markChosen"]>[0];

export interface SlackInboundOptions {
  /** runs an event at once (drawing the Home tab) */
  handle: InboundHandler;
  /** where events that change something go before the acknowledgement */
  inbox: InboxPort;
  api: SlackApi;
  replies: ReplySender;
  t: Translate;
  logger: Logger;
}

export class SlackInbound {
  private readonly seen = new BoundedCache<true>(50_000, SEEN_TTL_MS);
  private readonly options: SlackInboundOptions;

  constructor(options: SlackInboundOptions) {
    this.options = options;
  }

  async slashCommand(p: SlashCommandPayload, requestId: string): Promise<void> {
    const target: ReplyTarget = { kind: "respond", responseUrl: p.response_url };
    const origin = { channel: p.channel_id, responseUrl: p.response_url };
    const event = slashCommandEvent(p, new Date());
    // A slash command in the person's DM with Kyodo is direct; one in a DM between two people is not.
    if (await this.isKyodoDm(p.channel_id, p.user_id, requestId)) event.ref = { ...event.ref, isDirect: true };
    await this.submit(event, { delivery: { target, userId: p.user_id, triggerId: p.trigger_id, origin, requestId } });
  }

  /** Whether a D… channel is the person's DM with Kyodo (conversations.open names it; cached). */
  private async isKyodoDm(channel: string, userId: string, requestId: string): Promise<boolean> {
    if (!isDirectChannel(channel)) return false;
    const dm = await this.options.replies.dmChannel(userId, { requestId }).catch(() => undefined);
    return dm === channel;
  }

  /** A message in the person's DM with Kyodo (`im`), or an @mention in a channel (answered only to them). */
  async message(
    body: { event_id: string; team_id?: string; enterprise_id?: string },
    event: MessageEventPayload,
    mention: boolean,
    requestId: string,
  ): Promise<void> {
    if (event.subtype || event.bot_id || !event.user) return; // edits, joins, bots (ourselves included)
    if (!mention && event.channel_type !== "im") return;
    const text = messageText(event);
    if (!text) return;
    const workspace = workspaceOf(body.enterprise_id, body.team_id);
    const ref = conversationRef(workspace, event.channel, event.thread_ts, !mention);
    const target: ReplyTarget = mention
      ? { kind: "ephemeral", channel: event.channel, threadTs: event.thread_ts }
      : { kind: "channel", channel: event.channel, threadTs: event.thread_ts };
    const inbound: InboundEvent = {
      kind: "text",
      eventId: body.event_id,
      ref,
      user: { externalId: event.user },
      receivedAt: new Date(),
      text,
    };
    await this.submit(inbound, {
      delivery: { target, userId: event.user, origin: { channel: event.channel, threadTs: event.thread_ts }, requestId },
    });
  }

  async blockAction(p: BlockActionsPayload, requestId: string): Promise<void> {
    const action = p.actions[0];
    const read = action && readAction(action);
    if (!action || !read) return;
    const context = { requestId };
    const inHome = p.container?.type === "view";
    if (read.actionId === FORM_BUTTON_ACTION) {
      // Opening a modal changes nothing and needs the fresh trigger id: done now, not through the inbox.
      void this.formButton(p, read.value, inHome, requestId).catch((error: unknown) =>
        this.options.logger.error({ err: error, requestId }, "slack form could not be opened"),
      );
      return;
    }
    // The Home tab has no conversation of its own: its answers go to the person's DM with Kyodo.
    let channel = inHome ? undefined : (p.container?.channel_id ?? p.channel?.id);
    try {
      channel ??= await this.options.replies.dmChannel(p.user.id, context);
    } catch {
      return; // logged by the API client; without a conversation there is nowhere to answer
    }
    const threadTs = p.message?.thread_ts;
    const ephemeral = p.container?.is_ephemeral === true;
    const target: ReplyTarget =
      ephemeral && p.response_url ? { kind: "respond", responseUrl: p.response_url } : { kind: "channel", channel, threadTs };
    const workspace = actionWorkspace(p);
    const event: InboundEvent = {
      kind: "action",
      eventId: actionEventId(p, read.actionId, read.value),
      ref: conversationRef(
        workspace,
        channel,
        threadTs,
        inHome || (!ephemeral && isDirectChannel(channel)) || (ephemeral && (await this.isKyodoDm(channel, p.user.id, requestId))),
      ),
      user: { externalId: p.user.id, ...(p.user.name ? { displayName: p.user.name } : {}) },
      receivedAt: new Date(),
      actionId: read.actionId,
      value: read.value,
    };
    const origin: FormOrigin = { channel, threadTs, ...(target.kind === "respond" ? { responseUrl: target.responseUrl } : {}) };
    const ts = p.container?.message_ts ?? p.message?.ts;
    const chosen = inHome
      ? undefined
      : {
          update: {
            responseUrl: p.response_url,
            ephemeral,
            channel,
            ts,
            text: p.message?.text,
            blocks: p.message?.blocks,
            blockId: action.block_id,
          },
          label: read.label,
        };
    await this.submit(event, {
      delivery: { target, userId: p.user.id, triggerId: p.trigger_id, origin, requestId },
      ...(chosen ? { chosen } : {}),
      ...(inHome ? { home: { workspace, userId: p.user.id, channel } } : {}),
    });
  }

  /**
   * The replies of an accepted event, delivered with the context saved when it was accepted. `late`
   * after a restart: the trigger id has long expired (a form shows its "Fill in" button instead).
   */
  async answer(event: InboundEvent, replies: OutboundMessage[], context: ReplyContext | undefined, late: boolean): Promise<void> {
    const saved = context as SlackReplyContext | undefined;
    if (!saved) return;
    const delivery: Delivery = late ? { ...saved.delivery, triggerId: undefined } : saved.delivery;
    // A refused or failed action keeps its buttons: showing "✅ Chosen" would say it was done.
    if (saved.chosen && !isRefusal(replies))
      await this.options.replies.markChosen(saved.chosen.update, saved.chosen.label, { requestId: delivery.requestId });
    await this.options.replies.deliver(replies, delivery);
    // The Home tab shows open tasks; after acting there it is redrawn, which also gives its buttons a
    // new view hash, so the next deliberate press is a new event rather than a repeat.
    if (saved.home)
      await this.publishHome(saved.home.workspace, saved.home.userId, saved.home.channel, `${event.eventId}:home`, delivery.requestId);
  }

  /** "Fill in": opens the form's modal with this click's fresh trigger id. */
  private async formButton(p: BlockActionsPayload, value: string, inHome: boolean, requestId: string): Promise<void> {
    const context = { requestId };
    const form = formFromButtonValue(value, this.options.replies.keptForms);
    const ephemeral = p.container?.is_ephemeral === true;
    let channel = p.container?.channel_id ?? p.channel?.id;
    try {
      if (inHome || !channel) channel = await this.options.replies.dmChannel(p.user.id, context);
    } catch {
      return;
    }
    const origin: FormOrigin = {
      channel,
      threadTs: p.message?.thread_ts,
      ...(ephemeral && p.response_url ? { responseUrl: p.response_url } : {}),
    };
    if (form && (await this.options.replies.openForm(form, p.trigger_id, origin, context))) return;
    const text = this.options.t(form ? "slack.formOpenFailed" : "slack.formExpired");
    const target: ReplyTarget = origin.responseUrl
      ? { kind: "respond", responseUrl: origin.responseUrl }
      : { kind: "channel", channel, threadTs: origin.threadTs };
    await this.options.replies.deliver([textMessage(text)], { target, userId: p.user.id, origin, requestId });
  }

  async viewSubmission(body: ViewSubmissionBody, ack: Ack, requestId: string): Promise<void> {
    const submission = readSubmission(body.view);
    if (!submission) return ack();
    const { origin } = submission;
    const target: ReplyTarget = origin.responseUrl
      ? { kind: "respond", responseUrl: origin.responseUrl }
      : { kind: "channel", channel: origin.channel, threadTs: origin.threadTs };
    // No trigger id: a submission's own does not reliably open another modal (Slack's advice is to answer
    // with response_action instead, as below); a form in the replies stays a "Fill in" button.
    const delivery: Delivery = { target, userId: body.user.id, origin, requestId };
    let values = submission.values;
    if (submission.sessionKey) {
      const sessions = this.options.replies.sessions.cache;
      const session = sessions.get(submission.sessionKey);
      if (!session) {
        await ack();
        void this.options.replies.deliver([textMessage(this.options.t("slack.formExpired"))], delivery);
        return;
      }
      Object.assign(session.values, resolveIndexedValues(session.form, submission.values));
      const next = nextPage(session.form, submission.page);
      if (next !== undefined) {
        // The next page replaces this one in the same modal; answers so far stay in the session.
        return ack({
          response_action: "update",
          view: buildModal(session.form, origin, this.options.t, { key: submission.sessionKey, page: next }),
        });
      }
      values = session.values;
      sessions.delete(submission.sessionKey);
    }
    const event: InboundEvent = {
      kind: "form",
      // A corrected resubmission of the same modal is a new answer, so the answers are part of the id.
      eventId: `form:${body.view.id}:${shortHash(JSON.stringify(values), 16)}`,
      ref: conversationRef(actionWorkspace(body), origin.channel, origin.threadTs),
      // A modal is seen only by the person who opened it, and its answers go back into it (or ephemerally).
      answeredPrivately: true,
      user: { externalId: body.user.id, ...(body.user.name ? { displayName: body.user.name } : {}) },
      receivedAt: new Date(),
      formId: submission.formId,
      values,
    };
    // Answered in the acknowledgement (field errors, the next page), so it runs at once through the
    // engine's handleNow — under an expiring inbox claim — rather than being stored for later.
    // The engine answers before the acknowledgement when it can, so problems with the answers are shown
    // under their fields in the still-open modal (response_action "errors"); a slow answer is delivered
    // after an empty acknowledgement instead, which Slack must have within three seconds.
    const running = this.run(event, requestId);
    const replies = await Promise.race([running, delay(FORM_ANSWER_BUDGET_MS).then((): typeof TOO_SLOW => TOO_SLOW)]);
    if (replies !== TOO_SLOW) {
      const errors = fieldErrors(replies, submission.formId);
      if (errors) return ack({ response_action: "errors", errors });
      // The next form (a survey's next page) replaces this one in the same modal; the same form again is
      // only the reply's "Fill in" button and leaves the modal to close.
      const sameFields = (form: FormBlock) => form.formId === submission.formId && form.fields.every((f) => f.id in values);
      const next = replies?.flatMap((r) => r.blocks).find((b): b is FormBlock => b.type === "form" && !sameFields(b));
      if (next) {
        const sessionKey = this.options.replies.sessions.open(next);
        await ack({
          response_action: "update",
          view: buildModal(next, origin, this.options.t, sessionKey ? { key: sessionKey, page: 0 } : undefined),
        });
        if (replies?.length) await this.options.replies.deliver(replies, delivery);
        return;
      }
    }
    await ack();
    const answer = replies === TOO_SLOW ? await running : replies;
    if (answer?.length) await this.options.replies.deliver(answer, delivery);
  }

  /** Draws the person's Home tab from what the engine answers to "/kyodo home". */
  async publishHome(workspace: string, userId: string, channel: string, eventId: string, requestId: string): Promise<void> {
    const event: InboundEvent = {
      kind: "text",
      eventId,
      ref: conversationRef(workspace, channel, undefined, true),
      user: { externalId: userId },
      receivedAt: new Date(),
      text: `${COMMAND_PREFIX} home`,
    };
    const replies = await this.run(event, requestId);
    if (!replies?.length) return;
    const blocks = renderHomeBlocks(replies, this.options.replies.renderOptions);
    try {
      await this.options.api.call("views.publish", { user_id: userId, view: { type: "home", blocks } }, { requestId });
    } catch (error) {
      if (!(error instanceof SlackApiError)) throw error; // logged; the Home tab keeps its last version
    }
  }

  /** Accepts an event into the inbox; its replies come later through `answer`. */
  private async submit(event: InboundEvent, context: SlackReplyContext): Promise<void> {
    const outcome = await this.options.inbox.accept(event, context);
    if (outcome === "duplicate")
      this.options.logger.info({ requestId: context.delivery.requestId, eventId: event.eventId }, "repeated slack delivery skipped");
  }

  /** The engine's replies, or undefined for a delivery this process has already handled. */
  private async run(event: InboundEvent, requestId: string): Promise<OutboundMessage[] | undefined> {
    const key = `${event.ref.workspace}:${event.eventId}`;
    if (!this.seen.claim(key, true)) {
      this.options.logger.info({ requestId, eventId: event.eventId }, "repeated slack delivery skipped");
      return undefined;
    }
    try {
      return await this.options.handle(event);
    } catch (error) {
      // The engine answers its own failures; reaching here means it could not even do that.
      this.seen.delete(key);
      this.options.logger.error({ err: error, requestId, eventId: event.eventId }, "slack event failed");
      return [textMessage(this.options.t("errors.internal"))];
    }
  }
}

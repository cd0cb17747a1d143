// What happens when a person does something in Mattermost: a /kyodo slash command, a button or menu
// press, a dialog submission, or a message in their direct channel with Kyodo each becomes a neutral
// event for the engine, and the replies go where the person is looking (replies.ts). The conversation
// of an event is where it happened: the direct channel with Kyodo, or the channel the slash command
// was typed in (answered ephemerally, so only the person sees it). Presses of a Kyodo post in a group
// channel (a broadcast) are answered in the person's direct channel, never in front of the group.
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { InboundHandler, InboxPort, ReplyContext } from "../../engine/adapter.ts";
import type { Translate } from "../../engine/i18n.ts";
import { textMessage, type ConversationRef, type InboundEvent, type OutboundMessage } from "../../engine/messages.ts";
import { BoundedCache } from "../shared/bounded-cache.ts";
import { shortHash } from "../shared/hmac.ts";
import { MALFORMED, type ButtonPayload, type ButtonPlace, type ContextSigner } from "./action-context.ts";
import { readSubmission } from "./dialog.ts";
import type { CommandResponse, ReplySender, Target } from "./replies.ts";
import { unpackForm } from "./render-post.ts";

export const PLATFORM = "mattermost";
/** The "No" of a confirmation Kyodo asks itself; never an engine action id (those have no "~"). */
export const DISMISS_ACTION = "~dismiss";
/** How long this process remembers a delivery; double clicks come within seconds. */
const SEEN_TTL_MS = 60 * 60 * 1000;

export interface SlashCommandPayload {
  team_id?: string;
  channel_id: string;
  channel_name?: string;
  user_id: string;
  user_name?: string;
  command?: string;
  text?: string;
  response_url?: string;
  trigger_id?: string;
}

export interface ActionCallback {
  user_id: string;
  user_name?: string;
  channel_id: string;
  post_id: string;
  trigger_id?: string;
  context?: Record<string, unknown>;
}

export interface DialogSubmission {
  type?: string;
  callback_id?: string;
  state?: string;
  user_id: string;
  channel_id?: string;
  /** null when the dialog had no fields */
  submission?: Record<string, unknown> | null;
  cancelled?: boolean;
}

export interface DirectPost {
  id: string;
  channel_id: string;
  user_id: string;
  message: string;
  root_id?: string;
}

/** An answer to Mattermost's HTTP request: status and JSON body. */
export interface HttpAnswer {
  status: number;
  body: Record<string, unknown>;
}

export interface MattermostInboundOptions {
  /** runs an event now: commands, buttons and dialogs answer in Mattermost's HTTP response */
  handle: InboundHandler;
  /** direct messages (over the WebSocket, which has no acknowledgement or redelivery) are stored first */
  inbox: InboxPort;
  replies: ReplySender;
  signer: ContextSigner;
  t: Translate;
  logger: Logger;
  /** identities are per Mattermost server: user ids are server-wide, across teams */
  workspace: string;
  botUserId(): Promise<string>;
  now?: () => number;
}

/** Mattermost names a direct channel after its two members' ids, sorted, joined by "__". */
export function directChannelName(a: string, b: string): string {
  return a < b ? `${a}__${b}` : `${b}__${a}`;
}

export class MattermostInbound {
  private readonly seen = new BoundedCache<true>(50_000, SEEN_TTL_MS);
  /** dialogs whose answers were accepted: a later submission of the same dialog is a resend */
  private readonly answeredDialogs = new BoundedCache<true>(10_000, 24 * 60 * 60 * 1000);
  private readonly options: MattermostInboundOptions;

  constructor(options: MattermostInboundOptions) {
    this.options = options;
  }

  /**
   * `/kyodo …`. The text reaches the engine as if typed in a chat: a command, or — while the person is
   * answering questions in this conversation — the answer (`/kyodo 5名`). `/kyodo cancel` leaves.
   */
  async command(p: SlashCommandPayload): Promise<CommandResponse> {
    const direct = await this.isDirect(p.channel_id, p.channel_name, p.user_id);
    const ephemeral: ButtonPlace = { c: p.channel_id, ...(direct ? { d: 1 } : {}), e: 1, ...(p.response_url ? { r: p.response_url } : {}) };
    const text = (p.text ?? "").trim();
    const event: InboundEvent = {
      kind: "text",
      // Mattermost does not retry commands, and each invocation has its own trigger id.
      eventId: `cmd:${shortHash(p.trigger_id || randomUUID())}`,
      ref: this.ref(p.channel_id, direct),
      user: { externalId: p.user_id, ...(p.user_name ? { displayName: p.user_name } : {}) },
      receivedAt: new Date(),
      text: text || "/kyodo help",
    };
    const replies = await this.run(event);
    if (!replies?.length) return {};
    const delivery = { userId: p.user_id, triggerId: p.trigger_id };
    if (direct) {
      // In the direct channel the answers are posts that stay, like a conversation.
      const posted = await this.options.replies.deliver(replies, {
        ...delivery,
        target: { kind: "channel", channelId: p.channel_id },
        place: { c: p.channel_id, d: 1 },
      });
      if (posted.ok) return {};
      delivery.triggerId = undefined;
    }
    return (await this.options.replies.deliver(replies, { ...delivery, target: { kind: "command" }, place: ephemeral })).response ?? {};
  }

  /** A button or menu of a Kyodo post. A context Kyodo did not sign is refused: 401, nothing done. */
  async action(body: ActionCallback): Promise<HttpAnswer> {
    const payload = this.options.signer.readContext(body.context);
    if (!payload) return { status: 401, body: { error: "not a Kyodo action" } };
    if (payload === MALFORMED) {
      this.options.logger.warn({ userId: body.user_id }, "mattermost button with a signed context of an unknown shape refused");
      return { status: 400, body: { error: "unreadable action" } };
    }
    if (typeof body.user_id !== "string" || typeof body.channel_id !== "string")
      return { status: 400, body: { error: "user_id and channel_id are required" } };
    if (!(await this.issuedTo(payload, body.user_id))) {
      this.options.logger.warn({ userId: body.user_id }, "mattermost button of another person's post refused");
      return { status: 403, body: { error: "not your button" } };
    }
    const { replies } = this.options;
    if (payload.k === "form") {
      const form = unpackForm(payload.z);
      if (!form) return ephemeralNote(this.options.t("mattermost.formExpired"));
      const opened = body.trigger_id
        ? await replies.openForm(form, body.trigger_id, await this.placeFor(payload, body.user_id), body.user_id)
        : false;
      return opened ? ok() : ephemeralNote(this.options.t("mattermost.formOpenFailed"));
    }
    const chosen = readChoice(payload, body.context?.selected_option);
    if (!chosen) return { status: 400, body: { error: "unknown option" } };
    if (chosen.actionId === DISMISS_ACTION) {
      if (personal(payload)) await replies.markChosen(body.post_id, payload.i, chosen.label);
      return ok();
    }
    if (chosen.confirm) return this.askConfirmation(body, payload, chosen);

    const place = await this.placeFor(payload, body.user_id);
    const event: InboundEvent = {
      kind: "action",
      eventId: actionEventId(body.post_id, chosen.actionId, chosen.value, body.user_id),
      ref: this.ref(place.c, place.d === 1),
      user: { externalId: body.user_id, ...(body.user_name ? { displayName: body.user_name } : {}) },
      receivedAt: new Date(),
      actionId: chosen.actionId,
      value: chosen.value,
    };
    const answers = await this.run(event);
    if (!answers?.length) return ok(); // a double click or a repeat: nothing changes twice
    if (personal(payload)) await replies.markChosen(body.post_id, payload.i, chosen.label);
    return this.reply(answers, place, body.user_id, body.trigger_id, payload.c !== place.c);
  }

  /** A dialog's submission: checked, then the engine's form event. Problems keep the dialog open. */
  async dialog(body: DialogSubmission): Promise<HttpAnswer> {
    const now = (this.options.now ?? Date.now)();
    const state = this.options.signer.readState(body.state, body.user_id, now);
    if (!state) return { status: 401, body: { error: "not a Kyodo dialog" } };
    if (body.cancelled || body.type === "dialog_cancelled") return ok();
    if (this.answeredDialogs.get(state.n)) return ok();
    const form = this.options.replies.openForms.get(state.n);
    const read = readSubmission(form, body.submission, this.options.t);
    if (!read.ok) return { status: 200, body: { errors: read.errors } };
    const place = this.placeOf(state);
    const event: InboundEvent = {
      kind: "form",
      // A corrected resubmission of the same dialog is a new answer, so the answers are part of the id.
      eventId: `form:${state.n}:${shortHash(JSON.stringify(read.values), 16)}`,
      ref: this.ref(place.c, place.d === 1),
      user: { externalId: body.user_id },
      receivedAt: new Date(),
      formId: state.formId,
      values: read.values,
    };
    const answers = await this.run(event);
    if (!answers?.length) return ok();
    // The engine's own problems with the answers keep the dialog open, each under its field.
    const errors = fieldErrors(answers, state.formId);
    if (errors) return { status: 200, body: { errors } };
    this.answeredDialogs.set(state.n, true);
    this.options.replies.openForms.delete(state.n);
    return this.reply(answers, place, body.user_id, undefined, false);
  }

  /** A message in the person's direct channel with Kyodo (received over the WebSocket). */
  async directMessage(post: DirectPost, userName?: string): Promise<void> {
    const text = post.message.trim();
    if (!text) return;
    const event: InboundEvent = {
      kind: "text",
      eventId: `post:${post.id}`,
      ref: this.ref(post.channel_id, true),
      user: { externalId: post.user_id, ...(userName ? { displayName: userName.replace(/^@/, "") } : {}) },
      receivedAt: new Date(),
      text,
    };
    const target: Target = { kind: "channel", channelId: post.channel_id, ...(post.root_id ? { rootId: post.root_id } : {}) };
    // Stored before anything else: a crash now no longer loses the message (Mattermost will not resend it).
    const outcome = await this.options.inbox.accept(event, { target, userId: post.user_id });
    if (outcome === "duplicate") this.options.logger.info({ eventId: event.eventId }, "repeated mattermost post skipped");
  }

  /** The replies to a direct message the inbox has worked on, as posts in that direct channel. */
  async answer(replies: OutboundMessage[], context: ReplyContext | undefined): Promise<void> {
    const saved = context as { target?: Target; userId?: string } | undefined;
    if (!saved?.target || saved.target.kind !== "channel" || !saved.userId || replies.length === 0) return;
    await this.options.replies.deliver(replies, { target: saved.target, place: { c: saved.target.channelId, d: 1 }, userId: saved.userId });
  }

  /** Sends replies to where the place says; notes in the clicked channel when they went elsewhere. */
  private async reply(
    answers: OutboundMessage[],
    place: ButtonPlace,
    userId: string,
    triggerId: string | undefined,
    moved: boolean,
  ): Promise<HttpAnswer> {
    let target: Target = place.e ? { kind: "respond", responseUrl: place.r } : { kind: "channel", channelId: place.c };
    if (place.m) {
      const direct = await this.options.replies.directChannel(userId).catch(() => undefined);
      if (!direct) return ephemeralNote(this.options.t("mattermost.sendFailed"));
      target = { kind: "channel", channelId: direct };
    }
    const result = await this.options.replies.deliver(answers, { target, place, userId, triggerId });
    if (!result.ok) return ephemeralNote(this.options.t("mattermost.sendFailed"));
    if (moved || result.movedToDirect) return ephemeralNote(this.options.t("mattermost.answeredInDirect"));
    return ok();
  }

  /** A Kyodo "are you sure?" for choices the engine marked with confirm: Yes repeats the choice. */
  private async askConfirmation(body: ActionCallback, payload: ButtonPayload, chosen: Choice): Promise<HttpAnswer> {
    const { t } = this.options;
    const question: OutboundMessage = {
      text: chosen.confirm!.t,
      blocks: [
        { type: "text", text: [chosen.confirm!.t, chosen.confirm!.x].filter(Boolean).join("\n") },
        {
          type: "choices",
          actionId: chosen.actionId,
          choices: [{ label: `${t("mattermost.confirmYes")}（${chosen.label}）`, value: chosen.value, style: "primary" }],
        },
        { type: "choices", actionId: DISMISS_ACTION, choices: [{ label: t("mattermost.confirmNo"), value: "no" }] },
      ],
    };
    const place = await this.placeFor(payload, body.user_id);
    return this.reply([question], place, body.user_id, undefined, payload.c !== place.c);
  }

  /**
   * Mattermost does not sign callbacks, so anyone who reads a context could post it with another
   * `user_id`. A personal post's context names its person (`u`); an older or outbox-posted direct one
   * is checked against the person's own direct channel with Kyodo.
   */
  private async issuedTo(payload: ButtonPayload, userId: string): Promise<boolean> {
    if (payload.u !== undefined) return payload.u === userId;
    if (!payload.d) return !payload.e && !payload.m;
    const direct = await this.options.replies.directChannel(userId).catch(() => undefined);
    return direct === payload.c;
  }

  /** Where a press is answered. Kyodo's posts in group channels are answered in the direct channel. */
  private async placeFor(payload: ButtonPayload, userId: string): Promise<ButtonPlace> {
    const place = this.placeOf(payload);
    if (place.e || place.d || place.m) return place;
    const direct = await this.options.replies.directChannel(userId).catch(() => undefined);
    return direct ? { c: direct, d: 1 } : place;
  }

  private placeOf(from: ButtonPlace): ButtonPlace {
    return {
      c: from.c,
      ...(from.d ? { d: 1 } : {}),
      ...(from.e ? { e: 1 } : {}),
      ...(from.r ? { r: from.r } : {}),
      ...(from.m ? { m: 1 } : {}),
    };
  }

  private ref(channelId: string, direct: boolean): ConversationRef {
    return { platform: PLATFORM, workspace: this.options.workspace, conversationId: channelId, ...(direct ? { isDirect: true } : {}) };
  }

  private async isDirect(channelId: string, channelName: string | undefined, userId: string): Promise<boolean> {
    try {
      const bot = await this.options.botUserId();
      if (channelName?.includes("__")) return channelName === directChannelName(bot, userId);
      return (await this.options.replies.directChannel(userId)) === channelId;
    } catch {
      return false; // Mattermost unreachable: answer ephemerally where the person is
    }
  }

  /** The engine's replies, or undefined for a delivery this process has already handled. */
  private async run(event: InboundEvent): Promise<OutboundMessage[] | undefined> {
    const key = `${event.ref.workspace}:${event.eventId}`;
    if (!this.seen.claim(key, true)) {
      this.options.logger.info({ eventId: event.eventId }, "repeated mattermost delivery skipped");
      return undefined;
    }
    try {
      return await this.options.handle(event);
    } catch (error) {
      // The engine answers its own failures; reaching here means it could not even do that.
      this.seen.delete(key);
      this.options.logger.error({ err: error, eventId: event.eventId }, "mattermost event failed");
      return [textMessage(this.options.t("errors.internal"))];
    }
  }
}

interface Choice {
  actionId: string;
  value: string;
  label: string;
  confirm?: { t: string; x: string };
}

/** The neutral action, value and label of a press; menus send the chosen option's index. */
function readChoice(payload: ButtonPayload, selected: unknown): Choice | undefined {
  if (payload.k === "act") return { actionId: payload.a, value: payload.v, label: payload.l, ...(payload.q ? { confirm: payload.q } : {}) };
  if (payload.k !== "menu" || typeof selected !== "string" || !/^\d+$/.test(selected)) return undefined;
  const option = payload.o[Number(selected)];
  return option ? { actionId: payload.a, value: option[0], label: option[1], ...(payload.q ? { confirm: payload.q } : {}) } : undefined;
}

/** The same for every delivery of one press: the post, the action, the value and the person. */
function actionEventId(postId: string, actionId: string, value: string, userId: string): string {
  const id = `act:${postId}:${actionId}:${value}:${userId}`;
  return id.length <= 200 ? id : `act:${shortHash(id, 64)}`;
}

/**
 * A stored post only this person answers (in their direct channel with Kyodo) shows the choice in place.
 * Ephemeral posts cannot be edited, and a post in a group channel is everyone's: its buttons stay.
 */
const personal = (place: ButtonPlace) => !place.e && (place.d === 1 || place.m === 1);

/** The engine's problems with a form's answers, by field, when it sent the same form back with them. */
function fieldErrors(replies: OutboundMessage[], formId: string): Record<string, string> | undefined {
  for (const reply of replies) {
    for (const block of reply.blocks) {
      if (block.type === "form" && block.formId === formId && block.errors && Object.keys(block.errors).length > 0) return block.errors;
    }
  }
  return undefined;
}

const ok = (): HttpAnswer => ({ status: 200, body: {} });
const ephemeralNote = (text: string): HttpAnswer => ({ status: 200, body: { ephemeral_text: text, skip_slack_parsing: true } });

// Delivers the engine's replies to where the person will look, and keeps acted-on posts tidy.
//  - "channel": posts through the REST API (the person's direct channel with Kyodo, or a group channel),
//    which stay, and whose buttons are replaced by "✅ Chosen: …" once pressed (PUT /api/v4/posts/{id});
//  - "command": into the slash command's own HTTP answer, as ephemeral posts only the person sees;
//  - "respond": later ephemeral answers through the command's response URL (Mattermost allows five uses
//    in 30 minutes; one use carries all the replies of one press). When it is used up or refused, the
//    answer goes to the person's direct channel with Kyodo instead, and its buttons still belong to the
//    conversation they came from.
// The first form of a reply opens as a dialog straight away when a trigger id is at hand.
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { UndeliveredReplies } from "../../engine/adapter.ts";
import type { Translate } from "../../engine/i18n.ts";
import type { OutboundMessage } from "../../engine/messages.ts";
import { BoundedCache } from "../shared/bounded-cache.ts";
import { shortHash } from "../shared/hmac.ts";
import { bindPlace, type ButtonPlace, type ContextSigner } from "./action-context.ts";
import { buildDialog } from "./dialog.ts";
import { MattermostApiError, type MattermostApi } from "./mattermost-api.ts";
import { renderPosts, type FormBlock, type MattermostAttachment, type MattermostPost } from "./render-post.ts";

/** Mattermost accepts five posts to one response URL, for 30 minutes. */
const RESPONSE_URL_USES = 5;
const RESPONSE_URL_TTL_MS = 29 * 60 * 1000;
/** How long a dialog may stay open before its submission is refused as stale. */
const DIALOG_TTL_MS = 24 * 60 * 60 * 1000;

export type Target =
  { kind: "channel"; channelId: string; rootId?: string } | { kind: "command" } | { kind: "respond"; responseUrl: string | undefined };

export interface Delivery {
  target: Target;
  /** the conversation the replies' buttons belong to */
  place: ButtonPlace;
  userId: string;
  /** opens the first form as a dialog at once (valid a few seconds after the person acted) */
  triggerId?: string;
}

/** A slash command's answer, or what is posted to its response URL. */
export interface CommandResponse {
  response_type?: "ephemeral";
  text?: string;
  attachments?: MattermostAttachment[];
  skip_slack_parsing?: boolean;
  extra_responses?: CommandResponse[];
}

export interface DeliveryResult {
  ok: boolean;
  /** for a "command" target: the HTTP answer to give */
  response?: CommandResponse;
  /** the replies went to the direct channel instead of the ephemeral answer asked for */
  movedToDirect?: boolean;
}

export interface ReplySenderOptions {
  api: MattermostApi;
  signer: ContextSigner;
  t: Translate;
  logger: Logger;
  /** Kyodo's POST /mattermost/actions as Mattermost reaches it */
  actionsUrl(): string;
  botUserId(): Promise<string>;
  now?: () => number;
  /** where posts Mattermost could not take now go (the outbox), once the channel has started */
  undelivered?: () => UndeliveredReplies | undefined;
}

export class ReplySender {
  /** forms whose dialog is open, by nonce, for checking the submission; forgetting one only skips the check */
  readonly openForms = new BoundedCache<FormBlock>(2000, DIALOG_TTL_MS);
  private readonly posts = new BoundedCache<MattermostPost>(5000, 7 * 24 * 60 * 60 * 1000);
  private readonly directChannels = new BoundedCache<string>(10_000, 24 * 60 * 60 * 1000);
  private readonly responseUrlUses = new BoundedCache<number>(10_000, RESPONSE_URL_TTL_MS);
  private readonly options: ReplySenderOptions;

  constructor(options: ReplySenderOptions) {
    this.options = options;
  }

  render(message: OutboundMessage, place: ButtonPlace): MattermostPost[] {
    return renderPosts(message, { t: this.options.t, signer: this.options.signer, actionsUrl: () => this.options.actionsUrl(), place });
  }

  async deliver(replies: OutboundMessage[], original: Delivery): Promise<DeliveryResult> {
    const delivery = { ...original, place: bindPlace(original.place, original.userId) };
    let messages = replies;
    if (delivery.triggerId) messages = await this.openFirstForm(replies, delivery);
    const { target, place } = delivery;
    if (target.kind === "command") return { ok: true, response: commandResponse(messages.flatMap((m) => this.render(m, place))) };
    if (target.kind === "respond") {
      if (target.responseUrl && (await this.respond(target.responseUrl, messages, place))) return { ok: true };
      // Used up, expired or refused: the direct channel, where posts stay and buttons can be edited.
      const direct: ButtonPlace = { c: place.c, ...(place.d ? { d: 1 } : { m: 1 }), u: delivery.userId };
      const channelId = await this.directChannel(delivery.userId).catch(() => undefined);
      if (!channelId) return { ok: false };
      return { ok: await this.postAll(channelId, messages, direct), movedToDirect: true };
    }
    return { ok: await this.postAll(target.channelId, messages, place, target.rootId) };
  }

  /** Posts messages into a channel through the REST API; false (logged) when Mattermost refused. */
  async postAll(channelId: string, messages: OutboundMessage[], place: ButtonPlace, rootId?: string, retryKey?: string): Promise<boolean> {
    let sent = 0;
    try {
      if (retryKey) await this.createPosts(channelId, messages, place, rootId, retryKey);
      else
        for (const message of messages) {
          await this.createPosts(channelId, [message], place, rootId);
          sent += 1;
        }
      return true;
    } catch (error) {
      if (!(error instanceof MattermostApiError)) this.options.logger.error({ err: error }, "mattermost reply could not be rendered");
      const undelivered = this.options.undelivered?.();
      if (error instanceof MattermostApiError && error.retryable && undelivered && !retryKey) {
        // Not a refusal: the outbox posts the rest to the same channel later.
        const ref = {
          platform: "mattermost",
          workspace: "",
          conversationId: channelId,
          ...(place.d ? { isDirect: true } : {}),
          ...(rootId ? { threadId: rootId } : {}),
        };
        try {
          await undelivered(ref, messages.slice(sent), randomUUID());
          this.options.logger.warn({ status: error.status, error: error.errorId }, "mattermost answer handed to the outbox");
          return true;
        } catch (queueError) {
          this.options.logger.error({ err: queueError }, "mattermost answer could not be queued");
        }
      }
      return false;
    }
  }

  /** Posts, throwing Mattermost's refusal; each created post is remembered so its buttons can be edited. */
  async createPosts(channelId: string, messages: OutboundMessage[], place: ButtonPlace, rootId?: string, retryKey?: string): Promise<void> {
    let n = 0;
    for (const message of messages) {
      for (const post of this.render(message, place)) {
        n += 1;
        // The same pending id on a retry lets Mattermost drop a post it already made (within its window).
        const pending = retryKey ? { pending_post_id: `kyodo:${shortHash(`${retryKey}:${n}`)}` } : {};
        const created = await this.options.api.createPost({
          channel_id: channelId,
          message: post.message,
          ...(post.props ? { props: post.props } : {}),
          ...(rootId ? { root_id: rootId } : {}),
          ...pending,
        });
        if (post.props) this.posts.set(created.id, post);
      }
    }
  }

  /** The direct channel between Kyodo's bot and a person (created once by Mattermost, then remembered). */
  async directChannel(userId: string): Promise<string> {
    const known = this.directChannels.get(userId);
    if (known) return known;
    const channel = await this.options.api.directChannel(await this.options.botUserId(), userId);
    this.directChannels.set(userId, channel.id);
    return channel.id;
  }

  /** Opens a form as a dialog for the person; false when Mattermost refused (expired trigger id). */
  async openForm(form: FormBlock, triggerId: string, place: ButtonPlace, userId: string): Promise<boolean> {
    const nonce = randomUUID();
    const now = (this.options.now ?? Date.now)();
    const state = this.options.signer.state({ ...place, n: nonce, formId: form.formId, u: userId, x: now + DIALOG_TTL_MS });
    const dialog = buildDialog(form, { callbackId: `kyodo:${nonce}`, state }, this.options.t);
    try {
      await this.options.api.openDialog({ trigger_id: triggerId, url: this.options.actionsUrl(), dialog });
      this.openForms.set(nonce, form);
      return true;
    } catch (error) {
      if (error instanceof MattermostApiError) return false;
      throw error;
    }
  }

  /**
   * Replaces the pressed button's row with "✅ Chosen: <label>" so finished questions do not pile up.
   * A post Kyodo no longer remembers is read back from Mattermost, which hides the buttons' contexts;
   * its buttons are then all removed rather than left broken.
   */
  async markChosen(postId: string, actionId: string, label: string): Promise<void> {
    try {
      let post = this.posts.get(postId);
      let complete = true;
      if (!post) {
        const stored = await this.options.api.getPost(postId);
        post = { message: stored.message, props: { attachments: (stored.props?.attachments as MattermostAttachment[] | undefined) ?? [] } };
        complete = false;
      }
      const chosen = this.options.t("mattermost.chosen", { label });
      const attachments = (post.props?.attachments ?? []).map((a): MattermostAttachment => {
        if (a.actions?.some((x) => x.id === actionId))
          return { ...a, actions: [], text: [a.text, `**${chosen}**`].filter(Boolean).join("\n\n") };
        return complete ? a : { ...a, actions: [] };
      });
      const updated: MattermostPost = { message: post.message, props: { attachments } };
      await this.options.api.updatePost(postId, updated);
      this.posts.set(postId, updated);
    } catch (error) {
      // The answer itself went through; a button left in place is a cosmetic loss, already logged.
      if (!(error instanceof MattermostApiError)) throw error;
    }
  }

  private async respond(responseUrl: string, messages: OutboundMessage[], place: ButtonPlace): Promise<boolean> {
    const uses = this.responseUrlUses.get(responseUrl) ?? 0;
    if (uses >= RESPONSE_URL_USES) return false;
    const response = commandResponse(messages.flatMap((m) => this.render(m, place)));
    if (!response.text && !response.attachments) return true;
    this.responseUrlUses.set(responseUrl, uses + 1);
    try {
      await this.options.api.respond(responseUrl, response);
      return true;
    } catch (error) {
      if (!(error instanceof MattermostApiError)) throw error;
      this.responseUrlUses.set(responseUrl, RESPONSE_URL_USES);
      return false;
    }
  }

  /** Opens the first form of the replies as a dialog; if that fails, says so under the form. */
  private async openFirstForm(replies: OutboundMessage[], delivery: Delivery): Promise<OutboundMessage[]> {
    const index = replies.findIndex((r) => r.blocks.some((b) => b.type === "form"));
    if (index < 0 || !delivery.triggerId) return replies;
    const reply = replies[index]!;
    const form = reply.blocks.find((b): b is FormBlock => b.type === "form")!;
    if (await this.openForm(form, delivery.triggerId, delivery.place, delivery.userId)) return replies;
    const noted: OutboundMessage = {
      ...reply,
      blocks: [...reply.blocks, { type: "context", text: this.options.t("mattermost.formOpenFailed") }],
    };
    return replies.map((r, i) => (i === index ? noted : r));
  }
}

/** Posts as a slash command response: the first as the answer, the rest as its extra responses. */
export function commandResponse(posts: MattermostPost[]): CommandResponse {
  const one = (post: MattermostPost): CommandResponse => ({
    response_type: "ephemeral",
    text: post.message,
    ...(post.props?.attachments.length ? { attachments: post.props.attachments } : {}),
    // Kyodo's text is Markdown already; Slack-style <link|text> parsing could only mangle it.
    skip_slack_parsing: true,
  });
  const [first, ...rest] = posts;
  if (!first) return {};
  return { ...one(first), ...(rest.length > 0 ? { extra_responses: rest.map(one) } : {}) };
}

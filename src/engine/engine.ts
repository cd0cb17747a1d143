// The engine: takes one neutral inbound event, skips it if it was seen before, serialises it with other
// events of the same conversation, works out who is speaking, and routes it to a command or to the flow
// the person is in. Replies come back as neutral messages for the adapter to render.
import type { Logger } from "pino";
import type { Db } from "../storage/database.ts";
import { ConversationLocks, type HeldConversation } from "./conversation-lock.ts";
import { clearState, conversationKey, stateWrite, type SavedState } from "./conversation-state.ts";
import { flowVersion, readFlowData } from "./flow-data.ts";
import {
  flowStateKey,
  howToLeave,
  loadPersonalState,
  movePersonalReplies,
  type DirectConversations,
  type Turn,
} from "./personal-conversation.ts";
import { allowed, type Actor, type Context } from "./context.ts";
import { claimEvent, releaseEvent } from "./dedupe.ts";
import { COMMAND_ACTION, FLOW_ACTION_PREFIX, type CommandResult, type FlowInput, type FlowStep } from "./definitions.ts";
import { translator, type Locale } from "./i18n.ts";
import { UserError } from "../lib/user-error.ts";
import { refusalMessage, textMessage, type InboundEvent, type OutboundMessage } from "./messages.ts";
import { parseCommand } from "./parse-command.ts";
import type { Registry } from "./registry.ts";
import { escapeDeep } from "../lib/untrusted-text.ts";

export interface EngineOptions {
  db: Db;
  logger: Logger;
  registry: Registry;
  /** finds the person linked to a chat account */
  identify: (platform: string, workspace: string, externalUserId: string) => Promise<Actor | undefined>;
  defaultLocale: Locale;
  clock?: () => Date;
  /** called when a linked person writes in a direct conversation, so pushes can reach them there later */
  rememberDirectConversation?(actor: Actor, ref: InboundEvent["ref"], externalUserId: string): Promise<void>;
  /** opens people's direct conversations, so personal flows leave group conversations (see personal-conversation.ts) */
  directConversations?: DirectConversations;
}

/** The direct conversations, noting whether the platform refused to open one during this event. */
function watchRefusals(direct: DirectConversations | undefined): (DirectConversations & { refused: boolean }) | undefined {
  if (!direct) return undefined;
  const watched = {
    refused: false,
    async open(...args: Parameters<DirectConversations["open"]>) {
      const outcome = await direct.open(...args);
      if (outcome.kind === "refused") watched.refused = true;
      return outcome;
    },
    deliver: (...args: Parameters<DirectConversations["deliver"]>) => direct.deliver(...args),
    takeNotice: (...args: Parameters<DirectConversations["takeNotice"]>) => direct.takeNotice(...args),
  };
  return watched;
}

const CANCEL_WORDS = new Set(["cancel", "やめる", "キャンセル", "中止", "stop"]);

export class Engine {
  private readonly locks: ConversationLocks;
  private readonly clock: () => Date;

  private readonly options: EngineOptions;

  constructor(options: EngineOptions) {
    this.options = options;
    this.locks = new ConversationLocks(options.db);
    this.clock = options.clock ?? (() => new Date());
  }

  /** Handles one inbound event; returns the replies (none for a redelivered event). */
  async handle(event: InboundEvent): Promise<OutboundMessage[]> {
    const key = conversationKey(event.ref, event.user.externalId);
    // Queue on the conversation before any await, so events are handled in the order they arrived.
    return this.locks.run(key, (lease) => this.handleInOrder(event, lease));
  }

  /**
   * Runs an event taken from the inbox (src/engine/inbox.ts). The inbox holds the event's dedupe key and
   * marks it done only after this returns, so there is no claim here. A rule refusal (UserError) is an
   * answer and the event is handled; any other failure is thrown so the inbox retries the event.
   */
  async work(event: InboundEvent): Promise<OutboundMessage[]> {
    const key = conversationKey(event.ref, event.user.externalId);
    return this.locks.run(key, async (lease) => {
      try {
        return await this.route(event, lease);
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        const ctx = await this.context(event);
        return [refusalMessage(ctx.t(error.key, error.vars))];
      }
    });
  }

  /** "Something went wrong, please try again", in the person's language when they can be identified. */
  async failureReply(event: InboundEvent): Promise<OutboundMessage[]> {
    const ctx = await this.context(event).catch(() => undefined);
    return [refusalMessage((ctx?.t ?? translator(this.options.defaultLocale))("errors.internal"))];
  }

  private async handleInOrder(event: InboundEvent, lease: HeldConversation): Promise<OutboundMessage[]> {
    const { db } = this.options;
    const dedupeKey = [event.ref.platform, event.ref.workspace, event.eventId].join(":");
    if (!(await claimEvent(db, dedupeKey))) {
      this.options.logger.info({ dedupeKey }, "duplicate event skipped");
      return [];
    }
    try {
      // Replies echo what people typed and what others stored (notes, subjects): no control character
      // or terminal escape sequence from that text reaches a chat or a terminal raw.
      return escapeDeep(await this.route(event, lease));
    } catch (error) {
      if (error instanceof UserError) {
        // The person asked for something the rules do not allow: the event is handled, the answer says why.
        const ctx = await this.context(event);
        return [refusalMessage(ctx.t(error.key, error.vars))];
      }
      await releaseEvent(db, dedupeKey);
      this.options.logger.error({ err: error, eventId: event.eventId, platform: event.ref.platform }, "event failed");
      const ctx = await this.context(event).catch(() => undefined);
      return [refusalMessage((ctx?.t ?? translator(this.options.defaultLocale))("errors.internal"))];
    }
  }

  private async context(event: InboundEvent): Promise<Context> {
    const { db, logger, identify, defaultLocale } = this.options;
    const lookup = () => identify(event.ref.platform, event.ref.workspace, event.user.externalId);
    const actor = await lookup();
    const locale = actor?.locale ?? defaultLocale;
    const ctx: Context = {
      db,
      logger: logger.child({ eventId: event.eventId, platform: event.ref.platform, person: actor?.handle }),
      now: this.clock(),
      ref: event.ref,
      user: event.user,
      actor,
      locale,
      t: translator(locale),
      refreshActor: async () => {
        ctx.actor = await lookup();
        ctx.locale = ctx.actor?.locale ?? defaultLocale;
        ctx.t = translator(ctx.locale);
        return ctx.actor;
      },
    };
    return ctx;
  }

  private async route(event: InboundEvent, lease: HeldConversation): Promise<OutboundMessage[]> {
    const ctx = await this.context(event);
    const turn: Turn = { personal: false };
    let replies = await this.dispatch(ctx, event, flowStateKey(event.ref, event.user.externalId), turn);
    const direct = watchRefusals(this.options.directConversations);
    const reach = ctx.actor?.reach;
    // Checked after the command: linking an account makes the person known during this very event.
    if (ctx.actor && event.ref.isDirect) await this.options.rememberDirectConversation?.(ctx.actor, event.ref, event.user.externalId);
    // Someone linked who writes in a group is made reachable one-to-one (it is opened once, then remembered;
    // when the account's row already names the conversation, opening would only read it again).
    else if (ctx.actor && direct && !turn.personal && !reach?.directRef) await direct.open(event.ref, event.user.externalId, ctx.now);
    if (!event.ref.isDirect && !event.answeredPrivately && turn.personal && direct)
      replies = await movePersonalReplies(direct, event, replies, ctx.t, ctx.now);
    // A refusal not yet told: one the row held when the event began, or one met while opening just now.
    const mayHaveNotice = !reach || reach.noticePending || direct?.refused;
    const refused = ctx.actor && direct && mayHaveNotice ? await direct.takeNotice(event.ref, event.user.externalId, ctx.now) : undefined;
    // Last: the flow's new position, committed with the conversation's release (one commit, not two).
    if (turn.stateWrite) await lease.commitAndRelease(turn.stateWrite());
    return refused ? [textMessage(ctx.t("reach.youAreUnreachable", { reason: refused })), ...replies] : replies;
  }

  private async dispatch(ctx: Context, event: InboundEvent, key: string, turn: Turn): Promise<OutboundMessage[]> {
    const state = await loadPersonalState(ctx.db, event.ref, event.user.externalId, ctx.now);

    if (event.kind === "action") {
      if (event.actionId === COMMAND_ACTION) {
        const command = parseCommand(event.value);
        if (!command) return [refusalMessage(ctx.t("errors.unknownAction"))];
        // A menu button leaves any half-finished flow, as typing a new command would.
        if (state) await clearState(ctx.db, key);
        return this.runCommand(ctx, key, command.word, command.args, turn);
      }
      if (event.actionId.startsWith(FLOW_ACTION_PREFIX)) {
        const flowName = event.actionId.slice(FLOW_ACTION_PREFIX.length);
        // A button from an older message of a flow the person has since left is answered, not obeyed.
        if (!state || state.flow !== flowName) return [refusalMessage(ctx.t("errors.staleAction"))];
        return this.continueFlow(ctx, key, state, { kind: "action", value: event.value }, turn);
      }
      return [refusalMessage(ctx.t("errors.unknownAction"))];
    }

    if (event.kind === "form") {
      if (!state) return [textMessage(ctx.t("errors.staleAction"))];
      return this.continueFlow(ctx, key, state, { kind: "form", values: event.values }, turn);
    }

    const parsed = parseCommand(event.text);
    if (!parsed) return [textMessage(ctx.t("errors.empty"))];
    if (state && CANCEL_WORDS.has(parsed.word.toLowerCase()) && parsed.args.length === 0) {
      await clearState(ctx.db, key);
      return [textMessage(ctx.t("flow.cancelled"))];
    }
    const isCommand = this.options.registry.command(parsed.word) !== undefined;
    // Inside a flow, text is the answer to the current question, unless it names a command ("回答 2",
    // "lang ja"), which runs. "/kyodo 12" answers too: in a channel the slash command is how one types.
    if (state && !isCommand) {
      const text = parsed.explicit ? [parsed.word, ...parsed.args].join(" ") : event.text;
      return this.continueFlow(ctx, key, state, { kind: "text", text }, turn);
    }
    // Someone not yet linked who writes to Kyodo directly is told how to link, not "no such command".
    if (!ctx.actor && !isCommand && event.ref.isDirect) return [textMessage(ctx.t("reach.linkInstructions"))];
    if (!parsed.explicit && !isCommand && ctx.actor) {
      for (const fallback of this.options.registry.fallbacks) {
        const result = await fallback(ctx, event.text);
        if (result) return this.afterCommand(ctx, key, "fallback", result, turn);
      }
    }
    return this.runCommand(ctx, key, parsed.word, parsed.args, turn);
  }

  private async runCommand(ctx: Context, key: string, word: string, args: string[], turn: Turn): Promise<OutboundMessage[]> {
    const command = this.options.registry.command(word);
    if (!command) return [textMessage(ctx.t("errors.unknownCommand", { word }))];
    const denied = this.denial(ctx, command.access);
    if (denied) return denied;
    return this.afterCommand(ctx, key, command.name, await command.run(ctx, args), turn);
  }

  private async afterCommand(ctx: Context, key: string, source: string, result: CommandResult, turn: Turn): Promise<OutboundMessage[]> {
    if (Array.isArray(result)) return result;
    const flow = this.options.registry.flow(result.startFlow);
    if (!flow) throw new Error(`${source} starts unknown flow ${result.startFlow}`);
    if (!allowed(flow.access, ctx.actor)) return [textMessage(ctx.t("errors.forbidden"))];
    const step = await flow.start(ctx, result.args);
    const replies = this.afterStep(ctx, key, flow.name, step, turn);
    return step.next ? howToLeave(replies, ctx.t) : replies;
  }

  private async continueFlow(ctx: Context, key: string, state: SavedState, input: FlowInput, turn: Turn): Promise<OutboundMessage[]> {
    const flow = this.options.registry.flow(state.flow);
    if (!flow) {
      await clearState(ctx.db, key);
      return [textMessage(ctx.t("errors.staleAction"))];
    }
    const denied = this.denial(ctx, flow.access);
    if (denied) {
      await clearState(ctx.db, key);
      return denied;
    }
    const data = readFlowData(flow, state);
    if (!data) {
      // Saved by an older version of Kyodo in a shape this one cannot read: start again rather than misread it.
      await clearState(ctx.db, key);
      this.options.logger.warn(
        { flow: flow.name, savedVersion: state.version, version: flowVersion(flow) },
        "saved conversation state unreadable; flow restarted",
      );
      return [textMessage(ctx.t("state.restarted"))];
    }
    const step = await flow.input(ctx, state.step, data, input);
    return this.afterStep(ctx, key, flow.name, step, turn);
  }

  /** Notes the flow's new position; route() writes it as the event's last statement. */
  private afterStep(ctx: Context, key: string, flow: string, step: FlowStep, turn: Turn): OutboundMessage[] {
    turn.personal = true;
    const version = flowVersion(this.options.registry.flow(flow)!);
    const saved = step.next ? { flow, version, step: step.next.step, data: step.next.data } : undefined;
    turn.stateWrite = () => stateWrite(ctx.db, key, ctx.ref, saved, ctx.now);
    return step.replies;
  }

  private denial(ctx: Context, access: "anyone" | "member" | "secretariat"): OutboundMessage[] | undefined {
    if (allowed(access, ctx.actor)) return undefined;
    return [textMessage(ctx.actor ? ctx.t("errors.forbidden") : ctx.t("errors.notLinked"))];
  }
}

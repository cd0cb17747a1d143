// Voting, answering and every other multi-step flow are personal: they belong in the person's one-to-one
// conversation with Kyodo, where they can type and where nobody else reads their choices. The engine
// reaches that conversation through this interface; the composition root implements it with the
// adapters' DirectOpener capability and the identities domain.
import type { Db, Prisma } from "../storage/database.ts";
import { clearState, conversationKey, loadState, saveState, type SavedState } from "./conversation-state.ts";
import type { Translate } from "./i18n.ts";
import { textMessage, type ConversationRef, type InboundEvent, type OutboundMessage } from "./messages.ts";

/** What opening a person's direct conversation came to. */
export type DirectOutcome =
  | { kind: "opened"; ref: ConversationRef }
  /** the platform refused; `reason` is its code, shown to the secretariat and the person */
  | { kind: "refused"; reason: string }
  /** the platform has no direct conversations Kyodo can open (console, generic webhook) */
  | { kind: "unsupported" };

export interface DirectConversations {
  /** The person's direct conversation on the platform of `ref`: the one remembered, else opened now.
   *  A linked account is remembered as reachable (or recorded, with the secretariat told, as not). */
  open(ref: ConversationRef, externalUserId: string, now: Date): Promise<DirectOutcome>;
  /** Posts messages into a direct conversation, outside any reply. */
  deliver(ref: ConversationRef, messages: OutboundMessage[]): Promise<void>;
  /** Once per refusal: the reason to tell this person at their contact now. */
  takeNotice(ref: ConversationRef, externalUserId: string, now: Date): Promise<string | undefined>;
}

/** The flow state is the person's on the platform, not the conversation's: what was started in a channel
 *  continues in their DM. */
export function flowStateKey(ref: ConversationRef, externalUserId: string): string {
  return [ref.platform, ref.workspace, "person", externalUserId].join(":");
}

/**
 * The person's flow state. A flow saved before states became personal sits under the conversation's
 * key; it is moved over on first use, so nobody loses a half-finished answer to an upgrade.
 */
export async function loadPersonalState(db: Db, ref: ConversationRef, externalUserId: string, now: Date): Promise<SavedState | undefined> {
  const key = flowStateKey(ref, externalUserId);
  const state = await loadState(db, key, now);
  if (state) return state;
  const legacyKey = conversationKey(ref, externalUserId);
  const legacy = await loadState(db, legacyKey, now);
  if (!legacy) return undefined;
  await saveState(db, key, ref, legacy, now);
  await clearState(db, legacyKey);
  return legacy;
}

/** What happened during one event, told to the engine's router by the steps it ran. */
export interface Turn {
  /** a flow was started or continued: the replies are personal */
  personal: boolean;
  /** the flow's new position (or its end) to write as the event's last statement, with the conversation's release */
  stateWrite?: () => Prisma.PrismaPromise<unknown>;
}

/**
 * Moves the replies of a personal turn from a group conversation to the person's direct conversation,
 * and answers in the group without any of their content. Platforms that cannot open one keep the old
 * behaviour (the reply where the person is) rather than lose the answer.
 */
export async function movePersonalReplies(
  direct: DirectConversations,
  event: InboundEvent,
  replies: OutboundMessage[],
  t: Translate,
  now: Date,
): Promise<OutboundMessage[]> {
  if (replies.length === 0) return replies;
  const outcome = await direct.open(event.ref, event.user.externalId, now);
  if (outcome.kind === "unsupported") return replies;
  if (outcome.kind === "refused") return [textMessage(t("reach.dmUnavailable", { reason: outcome.reason }))];
  await direct.deliver(outcome.ref, replies);
  return [textMessage(t("reach.continuedInDm"))];
}

/** The hint under a flow's first question: how to leave it. */
export function howToLeave(replies: OutboundMessage[], t: Translate): OutboundMessage[] {
  const last = replies.at(-1);
  // Flows whose question already names the way out (the vote prompt) need no second hint.
  if (!last || /キャンセル|cancel/i.test(last.text)) return replies;
  const hint = t("reach.howToLeave");
  return [...replies.slice(0, -1), { ...last, blocks: [...last.blocks, { type: "context", text: hint }] }];
}

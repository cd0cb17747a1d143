// Slack payloads as neutral events. Who a person is: (workspace, user id), where the workspace is the
// Enterprise Grid organisation when there is one (user ids are organisation-wide there, so one link
// serves every workspace of the org) and the team id otherwise. Every event gets an id that is the same
// for every delivery of the same thing, so the engine's dedupe catches Slack's retries and double clicks.
import { createHash } from "node:crypto";
import type { ConversationRef, InboundEvent } from "../../engine/messages.ts";
import { decodeActionId } from "./block-kit.ts";
import { unescapeSlackText } from "./limits.ts";

export const PLATFORM = "slack";
/** Slash commands reach the engine as this command, whatever the admin named the command in Slack. */
export const COMMAND_PREFIX = "/kyodo";

export function workspaceOf(enterpriseId: string | null | undefined, teamId: string | null | undefined): string {
  return enterpriseId || teamId || "unknown";
}

/** `direct` marks Kyodo's own DM with the person, where reminders and broadcasts can reach them later. */
export function conversationRef(workspace: string, channel: string, threadTs?: string, direct = false): ConversationRef {
  return {
    platform: PLATFORM,
    workspace,
    conversationId: channel,
    ...(threadTs ? { threadId: threadTs } : {}),
    ...(direct ? { isDirect: true } : {}),
  };
}

/** A "D…" channel in which Kyodo's own message sits is Kyodo's DM (a bot cannot post into others' DMs). */
export const isDirectChannel = (channel: string) => channel.startsWith("D");

export interface SlashCommandPayload {
  team_id: string;
  enterprise_id?: string;
  channel_id: string;
  user_id: string;
  user_name?: string;
  command: string;
  text?: string;
  response_url: string;
  trigger_id: string;
}

/** "/kyodo link ABCD" reaches the engine as the text "/kyodo link ABCD". Slash commands are not retried
 *  by Slack, and each invocation has its own trigger id, so that is the delivery's id. */
export function slashCommandEvent(p: SlashCommandPayload, now: Date): InboundEvent {
  return {
    kind: "text",
    eventId: `cmd:${p.trigger_id}`,
    ref: conversationRef(workspaceOf(p.enterprise_id, p.team_id), p.channel_id),
    user: { externalId: p.user_id, ...(p.user_name ? { displayName: p.user_name } : {}) },
    receivedAt: now,
    text: `${COMMAND_PREFIX} ${(p.text ?? "").trim()}`.trim(),
  };
}

export interface MessageEventPayload {
  type: string;
  subtype?: string;
  bot_id?: string;
  user?: string;
  text?: string;
  channel: string;
  channel_type?: string;
  ts: string;
  thread_ts?: string;
}

/** A person's message text, unescaped, with a leading mention of the bot removed ("@Kyodo help"). */
export function messageText(event: MessageEventPayload): string {
  return unescapeSlackText((event.text ?? "").replace(/^\s*<@[A-Z0-9]+>\s*/, "")).trim();
}

export interface ActionPayload {
  action_id: string;
  block_id?: string;
  type: string;
  value?: string;
  text?: { text: string };
  selected_option?: { value: string; text: { text: string } } | null;
  action_ts?: string;
}

export interface BlockActionsPayload {
  type: "block_actions";
  trigger_id: string;
  user: { id: string; team_id?: string; name?: string; username?: string };
  team?: { id: string } | null;
  enterprise?: { id: string } | null;
  container?: { type: string; message_ts?: string; channel_id?: string; is_ephemeral?: boolean; view_id?: string };
  channel?: { id: string } | null;
  message?: { ts: string; thread_ts?: string; text?: string; blocks?: Array<Record<string, unknown>> };
  view?: { id: string; hash?: string; type?: string };
  response_url?: string;
  actions: ActionPayload[];
}

export function actionWorkspace(p: Pick<BlockActionsPayload, "enterprise" | "team" | "user">): string {
  return workspaceOf(p.enterprise?.id, p.team?.id ?? p.user.team_id);
}

/** The neutral action, the value chosen and the label the person saw. */
export function readAction(action: ActionPayload): { actionId: string; value: string; label: string } | undefined {
  const actionId = decodeActionId(action.action_id);
  if (action.selected_option) return { actionId, value: action.selected_option.value, label: action.selected_option.text.text };
  if (action.value !== undefined) return { actionId, value: action.value, label: action.text?.text ?? action.value };
  return undefined;
}

/**
 * The same for every delivery of one press of one button: the message (or view version) it was on, the
 * action, the value and the person. A double click or a redelivery therefore has one effect.
 */
export function actionEventId(p: BlockActionsPayload, actionId: string, value: string): string {
  const where = p.container?.message_ts ?? p.message?.ts ?? (p.view ? `${p.view.id}:${p.view.hash ?? ""}` : "unknown");
  const id = `act:${where}:${actionId}:${value}:${p.user.id}`;
  // Values may be long (a command line); the id stays short and still unique.
  return id.length <= 200 ? id : `act:${createHash("sha256").update(id).digest("hex")}`;
}

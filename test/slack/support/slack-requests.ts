// Requests shaped exactly like Slack's: form-encoded slash commands, form-encoded interactivity with a
// JSON `payload`, JSON Events API envelopes, each signed with the signing secret the way Slack signs
// (computed here independently of Kyodo's verifier). Also helpers to press a button or pick an option
// in a message Kyodo sent, as a person would.
import { createHmac, randomUUID } from "node:crypto";
import { labelOf, optionsOf, type BlockJson, type ViewJson } from "./slack-wire.ts";

export const SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
export const APP_ID = "A0KYODO";

/** A payload this module builds for Kyodo: plain JSON. */
type Json = Record<string, unknown>;

export interface SlackPerson {
  team: string;
  user: string;
  enterprise?: string;
  name?: string;
}

export interface SendOptions {
  /** seconds since the epoch; now by default */
  timestamp?: number;
  secret?: string;
  /** sent instead of the correct signature */
  signature?: string;
  retryNum?: number;
}

export interface SlackResponse {
  status: number;
  ms: number;
  text: string;
  /** the request id Kyodo gave this request (its log lines carry it) */
  requestId: string | null;
}

export async function send(baseUrl: string, body: string, contentType: string, options: SendOptions = {}): Promise<SlackResponse> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signature =
    options.signature ??
    `v0=${createHmac("sha256", options.secret ?? SIGNING_SECRET)
      .update(`v0:${timestamp}:${body}`)
      .digest("hex")}`;
  const headers: Record<string, string> = {
    "content-type": contentType,
    "x-slack-request-timestamp": String(timestamp),
    "x-slack-signature": signature,
    "user-agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
  };
  if (options.retryNum !== undefined) {
    headers["x-slack-retry-num"] = String(options.retryNum);
    headers["x-slack-retry-reason"] = "http_timeout";
  }
  const started = performance.now();
  const res = await fetch(`${baseUrl}/slack/events`, { method: "POST", headers, body });
  const text = await res.text();
  return { status: res.status, ms: performance.now() - started, text, requestId: res.headers.get("x-request-id") };
}

export interface SlashCommand {
  body: string;
  responseUrl: string;
  triggerId: string;
}

export function slashCommand(person: SlackPerson, text: string, responseUrl: string, channel = "C0GENERAL"): SlashCommand {
  const triggerId = `${Date.now()}.${randomUUID().slice(0, 8)}`;
  const fields: Record<string, string> = {
    token: "verification-token-unused",
    team_id: person.team,
    team_domain: "kyodo-test",
    ...(person.enterprise ? { enterprise_id: person.enterprise, enterprise_name: "Chiba Grid" } : {}),
    channel_id: channel,
    channel_name: channel.startsWith("D") ? "directmessage" : "general",
    user_id: person.user,
    user_name: person.name ?? person.user.toLowerCase(),
    command: "/kyodo",
    text,
    api_app_id: APP_ID,
    is_enterprise_install: "false",
    response_url: responseUrl,
    trigger_id: triggerId,
  };
  return { body: new URLSearchParams(fields).toString(), responseUrl, triggerId };
}

export const sendSlash = (baseUrl: string, command: SlashCommand, options?: SendOptions) =>
  send(baseUrl, command.body, "application/x-www-form-urlencoded", options);

export function interaction(payload: Json): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export const sendInteraction = (baseUrl: string, payload: Json, options?: SendOptions) =>
  send(baseUrl, interaction(payload), "application/x-www-form-urlencoded", options);

/** An Events API envelope (event_callback): the fields a test reads, and the rest as Slack sends them. */
export interface EventEnvelope {
  type: "event_callback";
  team_id: string;
  event_id: string;
  event: Json;
  [other: string]: unknown;
}

/** An Events API envelope around `event`. */
export function eventEnvelope(
  person: SlackPerson,
  event: Json,
  eventId = `Ev${randomUUID().replace(/-/g, "").slice(0, 10).toUpperCase()}`,
): EventEnvelope {
  return {
    token: "verification-token-unused",
    team_id: person.team,
    ...(person.enterprise ? { enterprise_id: person.enterprise } : {}),
    api_app_id: APP_ID,
    event,
    type: "event_callback" as const,
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      { enterprise_id: person.enterprise ?? null, team_id: person.team, user_id: "UBOT", is_bot: true, is_enterprise_install: false },
    ],
    is_ext_shared_channel: false,
  };
}

export const sendEvent = (baseUrl: string, envelope: EventEnvelope | Json, options?: SendOptions) =>
  send(baseUrl, JSON.stringify(envelope), "application/json", options);

/** A direct message from the person to Kyodo (message.im). */
export function directMessage(person: SlackPerson, text: string, channel = dmOf(person)): EventEnvelope {
  const ts = `${Math.floor(Date.now() / 1000)}.${String(Math.floor(Math.random() * 1e6)).padStart(6, "0")}`;
  return eventEnvelope(person, {
    type: "message",
    channel,
    user: person.user,
    text,
    ts,
    event_ts: ts,
    channel_type: "im",
    team: person.team,
  });
}

export function homeOpened(person: SlackPerson): EventEnvelope {
  return eventEnvelope(person, {
    type: "app_home_opened",
    user: person.user,
    channel: dmOf(person),
    tab: "home",
    event_ts: `${Date.now() / 1000}`,
  });
}

/** The fake Slack opens the DM with U123 as D123. */
export const dmOf = (person: SlackPerson) => `D${person.user.slice(1)}`;

export interface Surface {
  kind: "message" | "ephemeral" | "home";
  /** the channel of a message */
  channel?: string;
  /** the ts of a message */
  ts?: string;
  /** the home view (id and hash) */
  view?: ViewJson;
  /** as Kyodo sent them (none for a text-only message); read as Block Kit JSON */
  blocks?: readonly unknown[];
  text?: string;
  responseUrl?: string;
}

/**
 * The block_actions payload Slack sends when the person presses the button (or picks the option)
 * labelled `label`. Slack gives stored blocks block ids; so does this, on a copy.
 */
/** A block_actions payload: what a test may look into before sending it (or a changed copy). */
export interface BlockActionsPayload {
  type: "block_actions";
  trigger_id: string;
  actions: Json[];
  [other: string]: unknown;
}

export function press(person: SlackPerson, surface: Surface, label: string): BlockActionsPayload {
  const blocks: BlockJson[] = ((surface.blocks ?? []) as BlockJson[]).map((b, i) => ({ block_id: `b${i}`, ...b }));
  let action: Json | undefined;
  for (const block of blocks) {
    for (const element of block.elements ?? []) {
      if (element.type === "button" && labelOf(element) === label) {
        action = {
          action_id: element.action_id,
          block_id: block.block_id,
          text: element.text,
          value: element.value,
          type: "button",
          ...(element.style ? { style: element.style } : {}),
        };
      }
      const picked = element.type === "static_select" ? optionsOf(element).find((o) => o.text.text === label) : undefined;
      if (picked)
        action = {
          action_id: element.action_id,
          block_id: block.block_id,
          selected_option: picked,
          placeholder: element.placeholder,
          type: "static_select",
        };
    }
  }
  if (!action) throw new Error(`no button or option "${label}" in ${JSON.stringify(surface.blocks).slice(0, 300)}`);
  action.action_ts = `${Date.now() / 1000}`;
  const base = {
    type: "block_actions" as const,
    user: {
      id: person.user,
      username: person.name ?? person.user.toLowerCase(),
      name: person.name ?? person.user.toLowerCase(),
      team_id: person.team,
    },
    api_app_id: APP_ID,
    token: "verification-token-unused",
    trigger_id: `${Date.now()}.${randomUUID().slice(0, 8)}`,
    team: { id: person.team, domain: "kyodo-test", ...(person.enterprise ? { enterprise_id: person.enterprise } : {}) },
    enterprise: person.enterprise ? { id: person.enterprise, name: "Chiba Grid" } : null,
    is_enterprise_install: false,
    state: { values: {} },
    actions: [action],
  };
  if (surface.kind === "home") {
    return { ...base, container: { type: "view", view_id: surface.view!.id }, view: { ...surface.view, blocks } };
  }
  const container = { type: "message", message_ts: surface.ts, channel_id: surface.channel, is_ephemeral: surface.kind === "ephemeral" };
  return {
    ...base,
    container,
    channel: { id: surface.channel, name: surface.channel?.startsWith("D") ? "directmessage" : "general" },
    // Slack includes the message for ordinary messages, not for ephemeral ones.
    ...(surface.kind === "message"
      ? { message: { type: "message", user: "UBOT", bot_id: "BBOT", ts: surface.ts, text: surface.text ?? "", blocks } }
      : {}),
    response_url: surface.responseUrl,
  };
}

/** A view_submission for a modal Kyodo opened, with the person's answers by block id. */
export function submitView(
  person: SlackPerson,
  view: Pick<ViewJson, "id"> & { blocks: readonly unknown[] },
  answers: Record<string, Json>,
): Json {
  return {
    type: "view_submission",
    team: { id: person.team, domain: "kyodo-test" },
    user: { id: person.user, username: person.user.toLowerCase(), name: person.user.toLowerCase(), team_id: person.team },
    api_app_id: APP_ID,
    token: "verification-token-unused",
    trigger_id: `${Date.now()}.${randomUUID().slice(0, 8)}`,
    view: { ...view, state: { values: Object.fromEntries(Object.entries(answers).map(([blockId, value]) => [blockId, { value }])) } },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

/** All text of Slack blocks, for assertions about what a person reads. */
export function readable(blocks: readonly unknown[] | undefined): string {
  const parts: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node && typeof node === "object") {
      const o = node as Record<string, unknown>;
      if (typeof o.text === "string") parts.push(o.text);
      for (const [key, value] of Object.entries(o)) if (key !== "text" || typeof value !== "string") walk(value);
    }
  };
  walk(blocks ?? []);
  return parts.join("\n");
}

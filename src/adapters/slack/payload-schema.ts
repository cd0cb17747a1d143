// The shape of what Slack posts to /slack/events, checked after the signature and before Bolt sees it.
// A signed body is Slack's, but the parts Kyodo reads (who, where, which action) must be there and be
// strings; anything else is answered 400 rather than failing deep inside a handler. Loose elsewhere:
// Slack adds fields and payload types over time.
import { z } from "zod";

const id = z.string().min(1).max(255);
const text = z.string().max(40_000);

const slashCommand = z.looseObject({
  command: z.string().max(100),
  user_id: id,
  channel_id: id,
  team_id: id,
  trigger_id: id,
  text: text.optional(),
});
const blockActions = z.looseObject({
  type: z.literal("block_actions"),
  user: z.looseObject({ id }),
  actions: z.array(z.looseObject({ action_id: z.string().max(255), value: text.optional() })).max(50),
});
const viewPayload = z.looseObject({
  type: z.enum(["view_submission", "view_closed"]),
  user: z.looseObject({ id }),
  view: z.looseObject({ id: id }),
});
const eventCallback = z.looseObject({ type: z.literal("event_callback"), event: z.looseObject({ type: z.string().max(100) }) });

/** Payload types Slack sends to a request URL. Anything else would wait in Bolt for a listener that never
 *  comes (Bolt answers 404 after three seconds); it is refused at once instead. */
const KNOWN_TYPES = new Set([
  "url_verification",
  "event_callback",
  "app_rate_limited",
  "block_actions",
  "block_suggestion",
  "view_submission",
  "view_closed",
  "shortcut",
  "message_action",
  "interactive_message",
  "dialog_submission",
]);

/** undefined when the payload is acceptable; otherwise a short reason for the log. */
export function slackPayloadProblem(body: Record<string, unknown>): string | undefined {
  if (!("command" in body) && !body.ssl_check && !(typeof body.type === "string" && KNOWN_TYPES.has(body.type)))
    return "unknown payload type";
  const schema =
    "command" in body
      ? slashCommand
      : body.type === "block_actions"
        ? blockActions
        : body.type === "view_submission" || body.type === "view_closed"
          ? viewPayload
          : body.type === "event_callback"
            ? eventCallback
            : undefined;
  if (!schema) return undefined;
  const parsed = schema.safeParse(body);
  if (parsed.success) return undefined;
  const first = parsed.error.issues[0];
  return first ? `${first.path.join(".") || "(body)"}: ${first.message}` : "invalid";
}

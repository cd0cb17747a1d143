// The shape of Mattermost's button callbacks and dialog submissions, checked before they are read.
// Mattermost does not sign these requests; the signed context inside is the proof (action-context.ts),
// but the fields around it still come from whoever posted, so their types are checked here and a body
// that does not fit gets 400.
import { z } from "zod";

const id = z.string().min(1).max(255);

/** Any JSON object: what a callback or a JSON slash command must be before its fields are checked. */
export const callbackBodySchema = z.record(z.string(), z.unknown());

export const actionCallbackSchema = z.looseObject({
  user_id: id,
  user_name: z.string().max(255).optional(),
  channel_id: id,
  post_id: z.string().max(255),
  trigger_id: z.string().max(1000).optional(),
  context: z.record(z.string(), z.unknown()).optional(),
});

export const dialogSubmissionSchema = z.looseObject({
  type: z.string().max(100).optional(),
  callback_id: z.string().max(1000).optional(),
  state: z.string().max(100_000).optional(),
  user_id: id,
  channel_id: z.string().max(255).optional(),
  submission: z.record(z.string(), z.unknown()).nullable().optional(),
  cancelled: z.boolean().optional(),
});

const text = z.string().max(40_000);
const optionalId = z.string().max(1000).optional();

/** The /kyodo slash command: form-encoded by Mattermost (every field a string), JSON from compatible servers. */
export const slashCommandSchema = z.looseObject({
  team_id: optionalId,
  channel_id: id,
  channel_name: optionalId,
  user_id: id,
  user_name: optionalId,
  command: z.string().max(100).optional(),
  text: text.optional(),
  response_url: z.string().max(2000).optional(),
  trigger_id: optionalId,
});

/** A WebSocket event: only "hello" and "posted" are read; everything else Mattermost sends is let pass. */
export const socketEventSchema = z.looseObject({
  event: z.string().max(200).optional(),
  data: z
    .looseObject({ channel_type: z.string().max(10).optional(), post: z.string().max(1_000_000).optional(), sender_name: optionalId })
    .optional(),
});

/** The post inside a "posted" event (JSON inside JSON): who wrote what, where. */
export const postedPostSchema = z.looseObject({
  id,
  channel_id: id,
  user_id: id,
  message: text,
  root_id: optionalId,
  type: z.string().max(200).optional(),
  props: z.looseObject({ from_bot: z.union([z.string(), z.boolean()]).optional(), from_webhook: z.unknown().optional() }).nullish(),
});

// What Kyodo itself put in a button or dialog, read back after its signature was checked: signed means
// Kyodo wrote it, not that this version of Kyodo did, so the shape is checked too (a post from before a
// deploy that changed it is refused with a word, not followed into a crash).
const one = z.literal(1).optional();
const place = { c: id, d: one, e: one, r: z.string().max(2000).optional(), m: one, u: optionalId };
const quick = z.object({ t: z.string(), x: z.string() }).optional();

export const buttonPayloadSchema = z.union([
  z.object({ ...place, i: z.string(), k: z.literal("act"), a: z.string(), v: z.string(), l: z.string(), q: quick }),
  z.object({ ...place, i: z.string(), k: z.literal("menu"), a: z.string(), o: z.array(z.tuple([z.string(), z.string()])), q: quick }),
  z.object({ ...place, i: z.string(), k: z.literal("form"), z: z.string() }),
]);

export const dialogStateSchema = z.object({ ...place, n: z.string(), formId: z.string(), u: id, x: z.number() });

const choiceSchema = z.object({
  label: z.string(),
  value: z.string(),
  style: z.enum(["primary", "danger", "default"]).optional(),
  description: z.string().optional(),
});

/** A form packed into its "Fill in" button (render-post.ts packForm). */
export const formBlockSchema = z.object({
  type: z.literal("form"),
  formId: z.string(),
  title: z.string(),
  submitLabel: z.string(),
  fields: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      kind: z.enum(["text", "number", "date", "select"]),
      required: z.boolean(),
      options: z.array(choiceSchema).optional(),
      placeholder: z.string().optional(),
      maxLength: z.number().optional(),
    }),
  ),
  errors: z.record(z.string(), z.string()).optional(),
});

/** `text` as JSON of `schema`'s shape, or why not (for the log line). */
export function readJson<S extends z.ZodType>(schema: S, text: string): { ok: true; value: z.output<S> } | { ok: false; why: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, why: "not JSON" };
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, why: `${issue?.path.join(".") || "(value)"}: ${issue?.message ?? "unexpected shape"}` };
  }
  return { ok: true, value: parsed.data };
}

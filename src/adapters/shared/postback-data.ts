// What a LINE button carries back. Postback data holds at most 300 characters, so a short action rides
// inline ("a|cmd|home"); a longer one is stored on the server and the button carries only its key. The
// adapter's own follow-up steps (the next page of choices, a confirmation) are stored the same way.
import { z } from "zod";
import { readJsonColumn, StoredJsonError } from "../../lib/json-column.ts";

export const POSTBACK_DATA_MAX = 300;

/** How long a stored button keeps working; older buttons are answered with "this button has expired". */
export const PAYLOAD_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** Server-side storage for button payloads; Kyodo's database provides it (src/storage/action-payloads.ts). */
export interface ActionPayloadStore {
  save(payload: { actionId: string; value: string }, expiresAt: Date): Promise<string>;
  load(key: string, now: Date): Promise<{ actionId: string; value: string } | undefined>;
}

/** A choice as the adapter offers it: the engine's action plus how it is shown. */
export interface LineChoice {
  actionId: string;
  value: string;
  label: string;
  confirm?: { title: string; text: string };
}

const lineChoiceSchema: z.ZodType<LineChoice> = z.object({
  actionId: z.string(),
  value: z.string(),
  label: z.string(),
  confirm: z.object({ title: z.string(), text: z.string() }).optional(),
});
const morePageSchema = z.object({ prompt: z.string().optional(), choices: z.array(lineChoiceSchema) });

export type Postback =
  | { kind: "action"; actionId: string; value: string }
  | { kind: "more"; prompt: string | undefined; choices: LineChoice[] }
  | { kind: "confirm"; choice: LineChoice }
  | { kind: "noop" }
  | { kind: "expired" }
  | { kind: "unknown" };

// Stored follow-up steps use action ids the engine never sees.
const MORE = "line:more";
const CONFIRM = "line:confirm";

/** Postback data carrying the action itself, or undefined when it would not fit. Such data never
 *  expires, which is what a rich menu needs. */
export function inlineAction(actionId: string, value: string): string | undefined {
  const inline = `a|${actionId}|${value}`;
  return !actionId.includes("|") && inline.length <= POSTBACK_DATA_MAX ? inline : undefined;
}

/** The postback data that runs `actionId` with `value`: inline when it fits, else a stored key. */
export async function encodeAction(store: ActionPayloadStore, actionId: string, value: string, now: Date): Promise<string> {
  return inlineAction(actionId, value) ?? `k|${await store.save({ actionId, value }, expiry(now))}`;
}

export async function encodeMore(store: ActionPayloadStore, prompt: string | undefined, choices: LineChoice[], now: Date): Promise<string> {
  return `m|${await store.save({ actionId: MORE, value: JSON.stringify({ prompt, choices }) }, expiry(now))}`;
}

export async function encodeConfirm(store: ActionPayloadStore, choice: LineChoice, now: Date): Promise<string> {
  return `c|${await store.save({ actionId: CONFIRM, value: JSON.stringify(choice) }, expiry(now))}`;
}

/** Data for a button that does nothing (the "cancel" of a confirmation). */
export const NOOP_DATA = "x";

export async function decodePostback(store: ActionPayloadStore, data: string, now: Date): Promise<Postback> {
  if (data === NOOP_DATA) return { kind: "noop" };
  const tag = data.slice(0, 2);
  const rest = data.slice(2);
  if (tag === "a|") {
    const bar = rest.indexOf("|");
    if (bar <= 0) return { kind: "unknown" };
    return { kind: "action", actionId: rest.slice(0, bar), value: rest.slice(bar + 1) };
  }
  if (tag !== "k|" && tag !== "m|" && tag !== "c|") return { kind: "unknown" };
  const stored = await store.load(rest, now);
  if (!stored) return { kind: "expired" };
  if (tag === "k|") return { kind: "action", actionId: stored.actionId, value: stored.value };
  // A stored page or choice of another shape (saved by an older deploy, damaged) is treated as an expired button:
  // the person is told to start again rather than shown a misread list.
  try {
    if (tag === "m|" && stored.actionId === MORE) {
      const page = readJsonColumn(morePageSchema, stored.value, `ActionPayload ${rest}.value`);
      return { kind: "more", prompt: page.prompt, choices: page.choices };
    }
    if (tag === "c|" && stored.actionId === CONFIRM)
      return { kind: "confirm", choice: readJsonColumn(lineChoiceSchema, stored.value, `ActionPayload ${rest}.value`) };
  } catch (error) {
    if (error instanceof StoredJsonError) return { kind: "expired" };
    throw error;
  }
  return { kind: "unknown" };
}

function expiry(now: Date): Date {
  return new Date(now.getTime() + PAYLOAD_TTL_MS);
}

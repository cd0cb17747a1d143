// What a Mattermost button carries, and the proof that Kyodo put it there. Mattermost does not sign
// the callbacks it sends when a button is pressed; it only echoes the `context` Kyodo attached to the
// button (kept on the server, never shown to clients). Kyodo therefore signs each context with a key
// derived from its bot token: a callback whose context does not verify did not come from a Kyodo post
// and is refused with 401. Dialog state travels through the person's browser, so it is signed too, bound
// to the person it was opened for and given an expiry.
import { createHash } from "node:crypto";
import { hmacSha256Hex, safeEqual } from "../shared/hmac.ts";
import { buttonPayloadSchema, dialogStateSchema, readJson } from "./callback-schema.ts";

/** A context Kyodo signed whose payload is not of this version's shape (a post from before a deploy). */
export const MALFORMED = "malformed";

/** Where a button lives and which conversation it belongs to. */
export interface ButtonPlace {
  /** conversation (channel id) whose flow the button answers, even when the button sits elsewhere */
  c: string;
  /** that conversation is the person's direct channel with Kyodo */
  d?: 1;
  /** the button is on an ephemeral post (only one person sees it; it cannot be edited later) */
  e?: 1;
  /** for ephemeral posts: the response URL of the slash command they answer, for further answers */
  r?: string;
  /** the post sits in the person's direct channel with Kyodo although it belongs to conversation `c` */
  m?: 1;
  /** the Mattermost user a personal post (direct, ephemeral or moved) was issued to: only they may press it */
  u?: string;
}

/** A personal place carries the user it was issued to, so its signed contexts work for nobody else.
 *  Posts in a group channel are everyone's and stay unbound (their conversation `c` is signed). */
export function bindPlace(place: ButtonPlace, userId: string): ButtonPlace {
  return place.d || place.e || place.m ? { ...place, u: userId } : place;
}

export type ButtonPayload = ButtonPlace & {
  /** Kyodo's id of the action within its post ("k3"), to find it again when marking the choice */
  i: string;
} & (
    | { k: "act"; a: string; v: string; l: string; q?: { t: string; x: string } }
    | { k: "menu"; a: string; o: Array<[string, string]>; q?: { t: string; x: string } }
    | { k: "form"; z: string }
  );

export interface DialogState extends ButtonPlace {
  /** nonce of this opening of the dialog: the submission's event id */
  n: string;
  formId: string;
  /** the Mattermost user the dialog was opened for */
  u: string;
  /** expiry, ms since epoch */
  x: number;
}

const CONTEXT_FIELD = "kyodo";
const SIGNATURE_FIELD = "sig";

export class ContextSigner {
  private readonly key: Buffer;

  constructor(botToken: string) {
    // A purpose-bound key: the token itself never appears in an HMAC that someone else could study.
    this.key = createHash("sha256").update(`kyodo/mattermost/context/v1\u0000${botToken}`).digest();
  }

  /** The integration context of a button. The payload travels as one string, so Mattermost's JSON
   *  round trip (which reorders keys) cannot change what was signed. */
  context(payload: ButtonPayload): Record<string, string> {
    const json = JSON.stringify(payload);
    return { [CONTEXT_FIELD]: json, [SIGNATURE_FIELD]: this.sign("ctx", json) };
  }

  /** The payload of a callback's context, undefined when it is missing or not Kyodo's, MALFORMED when Kyodo
   *  signed it but it is not of the shape this version reads. */
  readContext(context: unknown): ButtonPayload | typeof MALFORMED | undefined {
    if (!context || typeof context !== "object") return undefined;
    const { [CONTEXT_FIELD]: json, [SIGNATURE_FIELD]: signature } = context as Record<string, unknown>;
    if (typeof json !== "string" || typeof signature !== "string") return undefined;
    if (!safeEqual(signature, this.sign("ctx", json))) return undefined;
    const read = readJson(buttonPayloadSchema, json);
    const payload: ButtonPayload | typeof MALFORMED = read.ok ? read.value : MALFORMED;
    return payload;
  }

  state(state: DialogState): string {
    const body = Buffer.from(JSON.stringify(state), "utf8").toString("base64url");
    return `${body}.${this.sign("state", body)}`;
  }

  /** The dialog state, when it is Kyodo's, unexpired, and submitted by the person it was opened for. */
  readState(text: unknown, userId: string, nowMs: number): DialogState | undefined {
    if (typeof text !== "string") return undefined;
    const [body, signature, extra] = text.split(".");
    if (!body || !signature || extra !== undefined || !safeEqual(signature, this.sign("state", body))) return undefined;
    const read = readJson(dialogStateSchema, Buffer.from(body, "base64url").toString("utf8"));
    if (!read.ok) return undefined;
    const state: DialogState = read.value;
    return state.u === userId && state.x > nowMs ? state : undefined;
  }

  private sign(purpose: string, data: string): string {
    return hmacSha256Hex(this.key, `${purpose}:${data}`);
  }
}

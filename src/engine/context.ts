// What a command or a conversation step receives: who is speaking, in which language, where to answer,
// and the services it may use. Built by the engine for each inbound event.
import type { Logger } from "pino";
import { accessAllows, may, type Access, type Action } from "../domain/access/policy.ts";
import type { Db } from "../storage/database.ts";
import type { Locale, Translate } from "./i18n.ts";
import type { ConversationRef, InboundUser } from "./messages.ts";

/** The person behind a linked chat account. */
export interface Actor {
  personId: string;
  councilId: string;
  handle: string;
  displayName: string;
  locale: Locale;
  roles: string[];
  /** what the account's row said about reaching the person one-to-one when the event began (absent: unknown,
   *  so the engine asks); lets the engine skip the reads and writes that would change nothing */
  reach?: { directRef: string | null; noticePending: boolean };
}

export interface Context {
  db: Db;
  logger: Logger;
  now: Date;
  ref: ConversationRef;
  user: InboundUser;
  /** undefined until the chat account is linked to a person */
  actor: Actor | undefined;
  locale: Locale;
  t: Translate;
  /** re-read the actor after a command changed it (linking, language) */
  refreshActor(): Promise<Actor | undefined>;
}

export type { Access };

/** The rule of src/domain/access/policy.ts, for a chat actor (undefined: not linked). */
export function allowed(access: Access, actor: Actor | undefined): boolean {
  return accessAllows(access, actor?.roles);
}

/** May this chat actor do this action? The same policy the CLI and the web console ask. */
export function permits(actor: Actor | undefined, action: Action): boolean {
  return may(action, actor?.roles);
}

const perEvent = new WeakMap<Context, Map<string, Promise<unknown>>>();

/** Reads something once per event: the same row read by two parts of one answer (the council's time zone for
 *  the ballot card and for the receipt, for two home sections) is one statement, not two (issue #15). Only
 *  for what the event itself does not change; the next event reads it afresh. */
export function once<T>(ctx: Context, key: string, load: () => Promise<T>): Promise<T> {
  let memo = perEvent.get(ctx);
  if (!memo) perEvent.set(ctx, (memo = new Map<string, Promise<unknown>>()));
  let value = memo.get(key) as Promise<T> | undefined;
  if (!value) {
    value = load();
    memo.set(key, value);
    // A failed read is not remembered: a later part of the event may try again.
    value.catch(() => memo.delete(key));
  }
  return value;
}

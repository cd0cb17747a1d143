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

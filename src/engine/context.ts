// What a command or a conversation step receives: who is speaking, in which language, where to answer,
// and the services it may use. Built by the engine for each inbound event.
import type { Logger } from "pino";
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

export type Access = "anyone" | "member" | "secretariat";

export function allowed(access: Access, actor: Actor | undefined): boolean {
  if (access === "anyone") return true;
  if (!actor) return false;
  if (access === "member") return true;
  return actor.roles.includes("secretariat") || actor.roles.includes("admin");
}

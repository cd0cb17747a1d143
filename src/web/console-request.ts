// What every console page and action receives once the session is checked: who is signed in, in which language,
// the council's time zone, and the services. Built per request by console.ts.
import type { Logger } from "pino";
import type { ConsolePerson } from "../domain/access/console-sign-in.ts";
import { may, type Action } from "../domain/access/policy.ts";
import type { TrackerRegistry } from "../domain/reminders/response-tracker.ts";
import type { Locale, Translate } from "../engine/i18n.ts";
import type { Db } from "../storage/database.ts";
import type { PageView } from "./layout.ts";
import type { UnreadableRows } from "./unreadable.ts";

export interface ConsoleRequest {
  db: Db;
  logger: Logger;
  trackers: TrackerRegistry;
  person: ConsolePerson;
  councilId: string;
  zone: string;
  locale: Locale;
  t: Translate;
  now: Date;
  view: PageView;
  /** the audit actor for changes made here */
  actor: string;
  /** stored rows a page could not read, logged once each (./unreadable.ts) */
  unreadable: UnreadableRows;
}

export function permitted(req: ConsoleRequest, action: Action): boolean {
  return may(action, req.person.roles);
}

// The inbox's rows (src/engine/inbox.ts): how an event's dedupe key is made, how a stored row is read back
// through its schemas, and the small rules for retired keys and retry backoff.
import { readJsonColumn, readOptionalJsonColumn } from "../lib/json-column.ts";
import type { Db } from "../storage/database.ts";
import type { ReplyContext } from "./adapter.ts";
import type { InboundEvent } from "./messages.ts";
import { inboundEventSchema, replyContextSchema } from "./stored-shapes.ts";

export type InboxRow = Awaited<ReturnType<Db["inboxEvent"]["findFirstOrThrow"]>>;

export function dedupeKeyOf(event: InboundEvent): string {
  return [event.ref.platform, event.ref.workspace, event.eventId].join(":");
}

/** The event as stored, and what its adapter kept to answer it (dates, strings in JSON, become dates again). */
export function readRow(row: InboxRow): { event: InboundEvent; context: ReplyContext | undefined } {
  return {
    event: readJsonColumn(inboundEventSchema, row.event, `InboxEvent ${row.id}.event`),
    context: readOptionalJsonColumn(replyContextSchema, row.replyContext, `InboxEvent ${row.id}.replyContext`) ?? undefined,
  };
}

/** The dedupe key of an event that was not carried out (refused, or parked as failed), kept for review
 *  but no longer blocking the same event from being tried again. */
export function retiredKey(row: Pick<InboxRow, "id" | "dedupeKey">): string {
  return `${row.dedupeKey}#retired:${row.id}`;
}

export function backoffMs(attempts: number): number {
  return Math.min(5_000 * 2 ** (attempts - 1), 5 * 60_000);
}

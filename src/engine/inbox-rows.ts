// The inbox's rows (src/engine/inbox.ts): how an event's dedupe key is made, how a stored row is read back
// through its schemas, and the small rules for retired keys and retry backoff.
import { readJsonColumn, readOptionalJsonColumn } from "../lib/json-column.ts";
import type { Db } from "../storage/database.ts";
import { Prisma } from "../storage/generated/client.ts";
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

// The worker's statements on the inbox's table are single statements (no BEGIN … COMMIT around them, as
// Prisma's updateMany has): on SQLite each holds the inbox file's write lock, which the acknowledgements'
// INSERT needs, only for itself — the worker runs at a lower CPU priority, and a transaction of its could
// be held open while the kernel runs others (issue #15).

/** Claims a row that may run now (one process wins) and returns it as claimed; undefined when it may not. */
export async function claimRow(db: Db, id: string, holder: string, now: Date, until: Date): Promise<InboxRow | undefined> {
  const rows = await db.$queryRaw<InboxRow[]>`
    UPDATE "InboxEvent" SET "status" = 'running', "claimedBy" = ${holder}, "availableAt" = ${until}, "attempts" = "attempts" + 1
    WHERE "id" = ${id} AND "mode" = 'inbox' AND "status" IN ('pending', 'running') AND "availableAt" <= ${now}
    RETURNING "id", "dedupeKey", "platform", "event", "replyContext", "mode", "status", "attempts", "availableAt", "claimedBy", "lastError", "receivedAt", "finishedAt"`;
  const row = rows[0];
  return row ? { ...row, attempts: Number(row.attempts) } : undefined;
}

/** Marks a claimed row done (with its key retired when given); nothing when the claim was lost meanwhile. */
export async function markDone(db: Db, id: string, holder: string, finishedAt: Date, retiredDedupeKey?: string): Promise<void> {
  const retire = retiredDedupeKey ? Prisma.sql`, "dedupeKey" = ${retiredDedupeKey}` : Prisma.empty;
  await db.$executeRaw`
    UPDATE "InboxEvent" SET "status" = 'done', "finishedAt" = ${finishedAt}, "lastError" = NULL${retire}
    WHERE "id" = ${id} AND "claimedBy" = ${holder}`;
}

/** Extends a claim while its work runs. */
export async function renewClaim(db: Db, id: string, holder: string, until: Date): Promise<void> {
  await db.$executeRaw`
    UPDATE "InboxEvent" SET "availableAt" = ${until} WHERE "id" = ${id} AND "status" = 'running' AND "claimedBy" = ${holder}`;
}

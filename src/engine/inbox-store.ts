// The inbox seen from outside the running worker: the secretariat's list of parked events (they failed
// every attempt), putting one back to run again, and forgetting old keys. Keys are kept a week, longer
// than any platform redelivers (Slack retries within minutes, LINE redelivers within a day), so a late
// redelivery is still recognised; after that they are pruned on a schedule (src/jobs/handlers/inbox-jobs.ts).
import { z } from "zod";
import { readJsonColumn, StoredJsonError } from "../lib/json-column.ts";
import { UserError } from "../lib/user-error.ts";
import { inboxDbOf, type Db } from "../storage/database.ts";
import { pruneProcessedEvents } from "./dedupe.ts";
import { INBOX_RETENTION_MS } from "./inbox.ts";

/** What the list shows of a parked InboxEvent.event; the rest of the event is the engine's business. */
const parkedEventSchema = z.looseObject({
  kind: z.string(),
  user: z.looseObject({ externalId: z.string().optional() }).optional(),
  text: z.string().optional(),
  actionId: z.string().optional(),
  value: z.string().optional(),
});

/** A parked event whose stored JSON cannot be read is still listed (it is what the secretariat must look at). */
function readParkedEvent(row: { id: string; event: string }): z.output<typeof parkedEventSchema> {
  try {
    return readJsonColumn(parkedEventSchema, row.event, `InboxEvent ${row.id}.event`);
  } catch (error) {
    if (!(error instanceof StoredJsonError)) throw error;
    return { kind: error.message };
  }
}

export async function listParkedEvents(db: Db, limit = 100) {
  const rows = await inboxDbOf(db).inboxEvent.findMany({ where: { status: "failed" }, orderBy: { receivedAt: "desc" }, take: limit });
  return rows.map((row) => {
    const event = readParkedEvent(row);
    const what = event.kind === "text" ? event.text : event.kind === "action" ? `${event.actionId} ${event.value}` : event.kind;
    return {
      id: row.id,
      receivedAt: row.receivedAt,
      platform: row.platform,
      user: event.user?.externalId ?? "",
      what: (what ?? "").slice(0, 60),
      attempts: row.attempts,
      // Error messages (Prisma's above all) end with the cause; that last line is what helps.
      lastError:
        (row.lastError ?? "")
          .split("\n")
          .filter((l) => l.trim())
          .at(-1)
          ?.trim()
          .slice(0, 120) ?? "",
    };
  });
}

/** Puts a parked event (by id, or a unique prefix of it) back in line; a running Kyodo takes it within seconds. */
/** One parked event by its full id, for a page that asks before putting it back; undefined if not parked. */
export async function findParkedEvent(db: Db, id: string) {
  const row = await inboxDbOf(db).inboxEvent.findUnique({ where: { id }, select: { status: true, receivedAt: true, platform: true } });
  return row?.status === "failed" ? row : undefined;
}

export async function retryParkedEvent(db: Db, idOrPrefix: string, now = new Date()): Promise<string> {
  const id = idOrPrefix.trim();
  const matches =
    id.length < 6
      ? []
      : await inboxDbOf(db).inboxEvent.findMany({ where: { id: { startsWith: id }, status: "failed" }, take: 2, select: { id: true } });
  if (matches.length !== 1) throw new UserError(matches.length === 0 ? "inbox.cliNotFound" : "inbox.cliAmbiguous", { id });
  const found = matches[0]!.id;
  await inboxDbOf(db).inboxEvent.updateMany({
    where: { id: found, status: "failed" },
    data: { status: "pending", attempts: 0, availableAt: now, claimedBy: null, finishedAt: null },
  });
  return found;
}

/** Forgets handled events and dedupe keys older than the retention; parked ones stay until retried. */
export async function pruneInbox(db: Db, now: Date, retentionMs = INBOX_RETENTION_MS): Promise<number> {
  const olderThan = new Date(now.getTime() - retentionMs);
  const { count } = await inboxDbOf(db).inboxEvent.deleteMany({ where: { status: "done", receivedAt: { lt: olderThan } } });
  return count + (await pruneProcessedEvents(db, olderThan));
}

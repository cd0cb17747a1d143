// The acknowledgement's one statement (issue #15): a batch of inbox rows in one multi-row INSERT, one
// commit. On SQLite it goes through a plain libsql connection to the inbox's own file (./inbox-schema.ts):
// no Prisma on the ack path (its query compiler and client cost about 2 ms of CPU per statement), and the
// only lock it shares is with the inbox's own short statements (claim, done), never with the events' work
// on the main file. On PostgreSQL it is the same statement through Prisma, in the main database.
import { createClient, type Client, type InValue } from "@libsql/client";
import { Prisma } from "./generated/client.ts";
import { inboxFileOf, tuneClient, type Db } from "./database.ts";
import { INBOX_DDL, sqliteDateTime } from "./inbox-schema.ts";
import { urgently } from "./priority-lane.ts";
import { retryWhileBusy } from "./wait-for-lock.ts";

export interface InboxRowInput {
  dedupeKey: string;
  platform: string;
  event: string;
  replyContext: string | null;
  receivedAt: Date;
}

/** 7 bound values per row; SQLite takes at most 999 per statement. */
export const ROWS_PER_COMMIT = 128;

/** Inserts rows (with their new ids), skipping dedupe keys already stored; resolves with the ids inserted,
 *  once committed (fsync'd: synchronous = FULL). */
export interface InboxInsert {
  rows(batch: Array<{ id: string; row: InboxRowInput }>): Promise<Set<string>>;
  /** closes the connection it opened (the next insert opens another) */
  close(): void;
}

const INSERT_HEAD = `INSERT INTO "InboxEvent" ("id", "dedupeKey", "platform", "event", "replyContext", "receivedAt", "availableAt") VALUES `;
const INSERT_TAIL = ` ON CONFLICT ("dedupeKey") DO NOTHING RETURNING "id"`;
/** A redelivered event's dedupe key is already stored: its row is skipped. */
const INSERT_SKIPPING_KNOWN = ` ON CONFLICT ("dedupeKey") DO NOTHING`;

export function inboxInsertFor(db: Db): InboxInsert {
  const file = inboxFileOf(db);
  return file ? rawSqliteInsert(file) : prismaInsert(db);
}

/** The insert on a plain libsql connection to the inbox file (in this thread: SQLite runs on the caller's thread). */
export function rawSqliteInsert(url: string): InboxInsert {
  let client: Client | undefined;
  const rows = async (batch: Array<{ id: string; row: InboxRowInput }>) => {
    // The table (created when missing) is set up on the connection before the first insert; WAL is the
    // file's own setting, made at start (./inbox-file.ts).
    client ??= tuneClient(createClient({ url }), INBOX_DDL);
    const connection = client;
    const args: InValue[] = [];
    for (const { id, row } of batch) {
      const at = sqliteDateTime(row.receivedAt);
      args.push(id, row.dedupeKey, row.platform, row.event, row.replyContext, at, at);
    }
    // Without RETURNING: reading result rows back (libsql's iterate and column conversion) was a sixth of
    // this statement's time on the acknowledging thread (bench-ack --profile). A batch that inserted fewer
    // rows than it carried held redeliveries; which of its new ids were stored is then read after the commit.
    const sql = INSERT_HEAD + batch.map(() => "(?, ?, ?, ?, ?, ?, ?)").join(", ") + INSERT_SKIPPING_KNOWN;
    // The lock is held only by the inbox's own statements, each short: retried every millisecond or two.
    const result = await urgently(() => retryWhileBusy(() => connection.execute({ sql, args })));
    const ids = batch.map((entry) => entry.id);
    if (result.rowsAffected === batch.length) return new Set(ids);
    if (result.rowsAffected === 0) return new Set<string>();
    const stored = await connection.execute({
      sql: `SELECT "id" FROM "InboxEvent" WHERE "id" IN (${ids.map(() => "?").join(", ")})`,
      args: ids,
    });
    return new Set(stored.rows.map((r) => r.id as string));
  };
  return {
    rows,
    close() {
      client?.close();
      client = undefined;
    },
  };
}

/** The insert through Prisma (PostgreSQL; on SQLite only for comparison, scripts/bench-inbox-insert.ts). */
export function prismaInsert(db: Db): InboxInsert {
  const rows = async (batch: Array<{ id: string; row: InboxRowInput }>) => {
    const values = batch.map(
      ({ id, row }) =>
        Prisma.sql`(${id}, ${row.dedupeKey}, ${row.platform}, ${row.event}, ${row.replyContext}, ${row.receivedAt}, ${row.receivedAt})`,
    );
    // Quoted names and Prisma.sql placeholders read the same on SQLite and PostgreSQL.
    // Ahead of the work's queries: the platform is waiting for this one (./priority-lane.ts).
    const inserted = await urgently(
      () => db.$queryRaw<Array<{ id: string }>>`${Prisma.raw(INSERT_HEAD)}${Prisma.join(values)}${Prisma.raw(INSERT_TAIL)}`,
    );
    return new Set(inserted.map((r) => r.id));
  };
  return { rows, close: () => undefined };
}

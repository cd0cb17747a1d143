// Prepares the inbox's own SQLite file at start (./inbox-schema.ts): its table when missing, in WAL, and
// the rows a Kyodo of an earlier version left in the main file's InboxEvent moved over (pending, parked
// and recent dedupe keys must not be lost or forgotten across the upgrade). The main file keeps its
// (then empty) InboxEvent table: it is part of the migrated schema, which PostgreSQL still uses.
import { createClient } from "@libsql/client";
import { INBOX_COLUMNS, INBOX_DDL, inboxFileUrl } from "./inbox-schema.ts";
import { prepareDatabaseUrl } from "./database.ts";
import { retryWhileBusy } from "./wait-for-lock.ts";

/** Creates the inbox file beside a migrated SQLite database and moves old rows into it; returns how many. */
export async function prepareInboxFile(databaseUrl: string): Promise<number> {
  const mainUrl = prepareDatabaseUrl(databaseUrl);
  const inboxUrl = inboxFileUrl(mainUrl);
  if (!inboxUrl) return 0;
  const client = createClient({ url: inboxUrl });
  try {
    await client.execute("PRAGMA busy_timeout = 5000");
    await client.execute("PRAGMA journal_mode = WAL");
    for (const statement of INBOX_DDL) await client.execute(statement);
    // Only when the main file holds rows (once, after the upgrade): both files in one transaction.
    await client.execute({ sql: "ATTACH DATABASE ? AS main_file", args: [mainUrl.slice("file:".length)] });
    const left = await client.execute(`SELECT count(*) AS n FROM main_file."InboxEvent"`);
    const count = Number(left.rows[0]?.n ?? 0);
    if (count > 0) {
      const columns = INBOX_COLUMNS.map((c) => `"${c}"`).join(", ");
      await retryWhileBusy(() =>
        client.batch(
          [
            // A key already in the inbox file wins: it is the newer row.
            `INSERT OR IGNORE INTO main."InboxEvent" (${columns}) SELECT ${columns} FROM main_file."InboxEvent"`,
            `DELETE FROM main_file."InboxEvent"`,
          ],
          "write",
        ),
      );
    }
    await client.execute("DETACH DATABASE main_file");
    return count;
  } finally {
    client.close();
  }
}

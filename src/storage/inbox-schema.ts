// The inbox's own SQLite file (issue #15): where it lives and the table it holds. On SQLite the inbox
// (InboxEvent) is kept beside the main database in `<database file>.inbox.db`, so an acknowledgement's
// INSERT never waits for the write lock the events' work holds on the main file (SQLite has one writer
// per file). The table is the same as in the main schema (prisma/schema.prisma, which PostgreSQL still
// uses), so the same generated client reads it; its DDL is created when missing rather than migrated.

export const INBOX_FILE_SUFFIX = ".inbox.db";

/** `file:/x/kyodo.db` → `file:/x/kyodo.db.inbox.db`; undefined for URLs that are not SQLite files. */
export function inboxFileUrl(databaseUrl: string): string | undefined {
  if (!databaseUrl.startsWith("file:") || databaseUrl.includes(":memory:")) return undefined;
  const [path, query] = databaseUrl.split("?", 2) as [string, string | undefined];
  return `${path}${INBOX_FILE_SUFFIX}${query ? `?${query}` : ""}`;
}

/** Exactly the main schema's InboxEvent (prisma/migrations), created when missing; keep the two alike. */
export const INBOX_DDL = [
  `CREATE TABLE IF NOT EXISTS "InboxEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "dedupeKey" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "replyContext" TEXT,
    "mode" TEXT NOT NULL DEFAULT 'inbox',
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "availableAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimedBy" TEXT,
    "lastError" TEXT,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME
  )`,
  `CREATE UNIQUE INDEX IF NOT EXISTS "InboxEvent_dedupeKey_key" ON "InboxEvent"("dedupeKey")`,
  `CREATE INDEX IF NOT EXISTS "InboxEvent_status_availableAt_idx" ON "InboxEvent"("status", "availableAt")`,
  `CREATE INDEX IF NOT EXISTS "InboxEvent_receivedAt_idx" ON "InboxEvent"("receivedAt")`,
];

/** The columns, in order, for copying rows between the two files. */
export const INBOX_COLUMNS = [
  "id",
  "dedupeKey",
  "platform",
  "event",
  "replyContext",
  "mode",
  "status",
  "attempts",
  "availableAt",
  "claimedBy",
  "lastError",
  "receivedAt",
  "finishedAt",
] as const;

/** How Prisma's libsql adapter stores a DateTime (ISO text with an explicit offset): raw writes match it,
 *  so Prisma's comparisons (`availableAt <= ?`) and reads see the same values. */
export function sqliteDateTime(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}

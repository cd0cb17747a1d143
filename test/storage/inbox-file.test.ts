// On SQLite the inbox has a file of its own beside the database (src/storage/inbox-schema.ts), so an
// acknowledgement's INSERT never waits for the events' work on the main file. The file is created at
// start, rows written on the ack path without Prisma read back through Prisma as they were written, a
// redelivered key is recognised there, and an upgrade moves what an earlier version left in the main file.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../src/config/logger.ts";
import { Inbox } from "../../src/engine/inbox.ts";
import type { InboundEvent } from "../../src/engine/messages.ts";
import { inboxDbOf, inboxFileOf, openDatabase, openRawConnection, type Db } from "../../src/storage/database.ts";
import { InboxWriteThread } from "../../src/storage/inbox-write-thread.ts";
import { migrateDatabase } from "../../src/storage/migrate.ts";

let dir: string;
let url: string;
let db: Db;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "kyodo-inbox-file-"));
  url = `file:${join(dir, "kyodo.db")}`;
  await migrateDatabase(url);
  db = openDatabase(url);
});
afterAll(async () => {
  await db?.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

function typed(id: string, at: Date): InboundEvent {
  return {
    kind: "text",
    eventId: id,
    ref: { platform: "test", workspace: "file", conversationId: "dm:U1", isDirect: true },
    user: { externalId: "U1" },
    receivedAt: at,
    text: "help",
  };
}

function inbox(clock?: () => Date, insert?: InboxWriteThread): Inbox {
  return new Inbox({
    clock,
    insert,
    db,
    logger: silentLogger(),
    work: () => Promise.resolve([]),
    reply: () => Promise.resolve(),
    failureReply: () => Promise.resolve([]),
    parked: () => Promise.resolve(),
    handOver: () => undefined, // rows stay pending: this test looks at them
  });
}

describe("the inbox's own SQLite file", () => {
  it("is created beside the database at start, in WAL mode", async () => {
    expect(existsSync(join(dir, "kyodo.db.inbox.db"))).toBe(true);
    const raw = openRawConnection(`file:${join(dir, "kyodo.db.inbox.db")}`);
    const mode = await raw.execute("PRAGMA journal_mode");
    raw.close();
    expect(mode.rows[0]![0]).toBe("wal");
  });

  it("stores accepted rows there, readable through Prisma as written, and recognises a redelivery", async () => {
    const at = new Date("2026-12-03T09:15:30.123Z");
    const first = inbox(() => at);
    expect(await first.accept(typed("ev-file-1", at))).toBe("accepted");
    expect(await first.accept(typed("ev-file-1", at))).toBe("duplicate");
    await first.stop();
    // A new process (another Inbox, its own connection) still knows the key.
    expect(await inbox().accept(typed("ev-file-1", at))).toBe("duplicate");

    const rows = await inboxDbOf(db).inboxEvent.findMany({ where: { dedupeKey: "test:file:ev-file-1" } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "pending", mode: "inbox", attempts: 0, receivedAt: at, availableAt: at });
    // Due for the sweep: Prisma's date comparison agrees with the raw write's format.
    expect(await inboxDbOf(db).inboxEvent.count({ where: { id: rows[0]!.id, availableAt: { lte: new Date(at.getTime() + 1) } } })).toBe(1);
    expect(await inboxDbOf(db).inboxEvent.count({ where: { id: rows[0]!.id, availableAt: { lt: at } } })).toBe(0);
    // The main file's table is not used on SQLite.
    expect(await db.inboxEvent.count()).toBe(0);
  });

  it("stores rows the same way through the writer thread (KYODO_INBOX_WRITE_THREAD=on)", async () => {
    const at = new Date("2026-12-03T10:00:00.000Z");
    const thread = new InboxWriteThread(inboxFileOf(db)!);
    const threaded = inbox(() => at, thread);
    try {
      expect(await threaded.accept(typed("ev-thread-1", at))).toBe("accepted");
      expect(await threaded.accept(typed("ev-thread-1", at))).toBe("duplicate");
      expect(await inbox().accept(typed("ev-thread-1", at))).toBe("duplicate");
    } finally {
      await threaded.stop();
    }
    expect(await inboxDbOf(db).inboxEvent.findUniqueOrThrow({ where: { dedupeKey: "test:file:ev-thread-1" } })).toMatchObject({
      status: "pending",
      receivedAt: at,
    });
  });

  it("moves the rows an earlier version left in the main file, once, keeping their keys", async () => {
    const main = openRawConnection(url);
    await main.execute(
      `INSERT INTO "InboxEvent" ("id", "dedupeKey", "platform", "event", "status", "receivedAt", "availableAt")
       VALUES ('old-pending', 'test:file:old-1', 'test', '{}', 'pending', '2026-12-01T00:00:00.000+00:00', '2026-12-01T00:00:00.000+00:00'),
              ('old-done', 'test:file:ev-file-1', 'test', '{}', 'done', '2026-12-01T00:00:00.000+00:00', '2026-12-01T00:00:00.000+00:00')`,
    );
    await migrateDatabase(url);
    const left = await main.execute(`SELECT COUNT(*) AS n FROM "InboxEvent"`);
    main.close();
    expect(Number(left.rows[0]!.n)).toBe(0);
    const moved = await inboxDbOf(db).inboxEvent.findUnique({ where: { dedupeKey: "test:file:old-1" } });
    expect(moved).toMatchObject({ id: "old-pending", status: "pending", receivedAt: new Date("2026-12-01T00:00:00.000Z") });
    // A key already in the inbox file is kept as it is there (the newer row).
    expect(await inboxDbOf(db).inboxEvent.findUniqueOrThrow({ where: { dedupeKey: "test:file:ev-file-1" } })).toMatchObject({
      status: "pending",
    });
    expect(await inbox().accept(typed("old-1", new Date()))).toBe("duplicate");
  });
});

// How the inbox's rows are written (issue #15): Prisma's `create` per row (what the ack path once did), raw
// SQL through Prisma's adapter one row per statement, a plain libsql connection one row per statement, and
// group commit (one multi-row INSERT … ON CONFLICT DO NOTHING per batch, src/engine/inbox-writer.ts) through
// Prisma's adapter and through the plain connection the ack path now uses (src/storage/inbox-insert.ts) —
// wall time and CPU per row on the inbox's SQLite file with the server's settings (synchronous = FULL, WAL).
// Writes scripts/bench-results/inbox-insert.json.
// Usage: npx tsx scripts/bench-inbox-insert.ts [--rows 1000]
import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { InboxWriter } from "../src/engine/inbox-writer.ts";
import { openDatabase, inboxDbOf } from "../src/storage/database.ts";
import { inboxInsertFor, prismaInsert } from "../src/storage/inbox-insert.ts";
import { migrateDatabase } from "../src/storage/migrate.ts";
import { ROOT } from "../test/support/run-command.ts";
import { machine } from "./bench-support/slack-bench.ts";

const { values: args } = parseArgs({ options: { rows: { type: "string", default: "1000" } } });
const ROWS = Number(args.rows);
const dir = mkdtempSync(join(tmpdir(), "kyodo-bench-insert-"));
const url = `file:${join(dir, "kyodo.db")}`;
await migrateDatabase(url);
const db = openDatabase(url);

const row = (tag: string, i: number) => ({
  dedupeKey: `bench:${tag}:${i}`,
  platform: "slack",
  event: JSON.stringify({ kind: "action", eventId: `${tag}-${i}`, value: "all:for", padding: "x".repeat(600) }),
  replyContext: JSON.stringify({ delivery: { target: { kind: "channel", channel: "D0001" } } }),
  receivedAt: new Date(),
});

async function timed(name: string, run: () => Promise<void>) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await run();
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return {
    way: name,
    rows: ROWS,
    rowsPerS: Math.round(ROWS / (ms / 1000)),
    cpuMsPerRow: Number(((used.user + used.system) / 1000 / ROWS).toFixed(3)),
  };
}

const results = [
  await timed("prisma create, one row per statement (sequential)", async () => {
    for (let i = 0; i < ROWS; i++)
      await inboxDbOf(db).inboxEvent.create({ data: { ...row("prisma", i), availableAt: new Date() }, select: { id: true } });
  }),
  await timed("raw INSERT through the adapter, one row per statement (sequential)", async () => {
    for (let i = 0; i < ROWS; i++) {
      const r = row("raw", i);
      await inboxDbOf(db)
        .$queryRaw`INSERT INTO "InboxEvent" ("id", "dedupeKey", "platform", "event", "replyContext", "receivedAt", "availableAt")
        VALUES (${randomUUID()}, ${r.dedupeKey}, ${r.platform}, ${r.event}, ${r.replyContext}, ${r.receivedAt}, ${r.receivedAt})
        ON CONFLICT ("dedupeKey") DO NOTHING RETURNING "id"`;
    }
  }),
  await timed("plain libsql connection, one row per statement (sequential)", async () => {
    const insert = inboxInsertFor(db);
    for (let i = 0; i < ROWS; i++) await insert.rows([{ id: randomUUID(), row: row("plain", i) }]);
    insert.close();
  }),
  await timed("group commit through Prisma's adapter, all rows arriving at once", async () => {
    const writer = new InboxWriter(db, prismaInsert(inboxDbOf(db)));
    await Promise.all(Array.from({ length: ROWS }, (_, i) => writer.insert(row("group-prisma", i))));
  }),
  await timed("group commit on the plain connection (the ack path), all rows arriving at once", async () => {
    const writer = new InboxWriter(db);
    await Promise.all(Array.from({ length: ROWS }, (_, i) => writer.insert(row("group", i))));
    writer.close();
  }),
];
const summary = {
  measuredAt: new Date().toISOString(),
  machine: machine(),
  command: `npx tsx scripts/bench-inbox-insert.ts --rows ${ROWS}`,
  results,
};
process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
mkdirSync(join(ROOT, "scripts/bench-results"), { recursive: true });
writeFileSync(join(ROOT, "scripts/bench-results/inbox-insert.json"), `${JSON.stringify(summary, null, 2)}\n`);
await db.$disconnect();
rmSync(dir, { recursive: true, force: true });

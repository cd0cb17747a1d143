// Deliveries that an earlier version failed only because the process lacked their channel ("channel
// email is not running") are queued again by a data migration; failures about the recipient stay.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openRawConnection } from "../../src/storage/database.ts";
import { applyMigrations, listMigrations, MIGRATIONS_DIR } from "../../src/storage/migrations.ts";
import { tempDatabaseUrl } from "../support/test-kyodo.ts";

const MIGRATION = "20261203300000_requeue_deliveries_of_missing_channels";
const { dir, databaseUrl } = tempDatabaseUrl();
const before = mkdtempSync(join(tmpdir(), "kyodo-migrations-"));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(before, { recursive: true, force: true });
});

describe("requeue migration", () => {
  it("queues again what failed for a missing channel, and nothing else", async () => {
    for (const m of listMigrations().filter((m) => m.name < MIGRATION))
      cpSync(join(MIGRATIONS_DIR, m.name), join(before, m.name), { recursive: true });
    const raw = openRawConnection(databaseUrl);
    await applyMigrations(raw, before);
    const insert = (id: string, lastError: string) =>
      raw.execute({
        sql: `INSERT INTO "Delivery" ("id", "source", "platform", "target", "message", "state", "attempts", "nextAttemptAt", "lastError", "idempotencyKey") VALUES (?, ?, 'email', ?, '{}', 'failed', 1, 0, ?, ?)`,
        args: [id, `ballot:${id}`, `${id}@city.example.jp`, lastError, `key-${id}`],
      });
    await insert("lost", "channel email is not running");
    await insert("bounced", "550 mailbox unavailable");
    expect(await applyMigrations(raw)).toContain(MIGRATION);
    const rows = await raw.execute(`SELECT "id", "state", "attempts", "lastError" FROM "Delivery" ORDER BY "id"`);
    expect(rows.rows.map((r) => [r.id, r.state, r.attempts, r.lastError])).toEqual([
      ["bounced", "failed", 1, "550 mailbox unavailable"],
      ["lost", "queued", 0, null],
    ]);
    raw.close();
  });
});

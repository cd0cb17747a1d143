// Applies the committed SQL migrations in prisma/migrations at start. Prisma's own `migrate deploy`
// needs its schema engine, which is slow to start and cannot run everywhere we do; this runner applies
// each pending file in a transaction and records it in `_prisma_migrations` exactly as Prisma does, so
// `prisma migrate status` still agrees with it.
import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Client } from "@libsql/client";

export const MIGRATIONS_DIR = fileURLToPath(new URL("../../prisma/migrations", import.meta.url));

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" TEXT PRIMARY KEY NOT NULL,
  "checksum" TEXT NOT NULL,
  "finished_at" DATETIME,
  "migration_name" TEXT NOT NULL,
  "logs" TEXT,
  "rolled_back_at" DATETIME,
  "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
  "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export function listMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, "migration.sql")))
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

async function appliedNames(client: Client): Promise<Set<string>> {
  const table = await client.execute(`SELECT name FROM sqlite_master WHERE type='table' AND name='_prisma_migrations'`);
  if (table.rows.length === 0) return new Set();
  const rows = await client.execute(
    `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  );
  return new Set(rows.rows.map((r) => r.migration_name).filter((name): name is string => typeof name === "string"));
}

/** Applies every pending migration; returns the names applied now. */
export async function applyMigrations(client: Client, dir = MIGRATIONS_DIR): Promise<string[]> {
  await client.execute("PRAGMA busy_timeout = 5000");
  // WAL lets the CLI read while the server writes; it is a property of the file, so setting it once suffices.
  await client.execute("PRAGMA journal_mode = WAL");
  await client.execute(CREATE_TABLE);
  const done = await appliedNames(client);
  const applied: string[] = [];
  for (const migration of listMigrations(dir)) {
    if (done.has(migration.name)) continue;
    const tx = await client.transaction("write");
    try {
      await tx.executeMultiple(migration.sql);
      await tx.execute({
        sql: `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
              VALUES (?, ?, current_timestamp, ?, current_timestamp, 1)`,
        args: [randomUUID(), migration.checksum, migration.name],
      });
      await tx.commit();
      applied.push(migration.name);
    } catch (error) {
      await tx.rollback();
      throw new Error(`migration ${migration.name} failed: ${(error as Error).message}`);
    } finally {
      tx.close();
    }
  }
  return applied;
}

/** The names of committed migrations not yet applied (empty when the database is up to date). */
export async function pendingMigrations(client: Client, dir = MIGRATIONS_DIR): Promise<string[]> {
  const done = await appliedNames(client);
  return listMigrations(dir)
    .map((m) => m.name)
    .filter((name) => !done.has(name));
}

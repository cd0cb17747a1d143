// Applies the committed PostgreSQL migrations (prisma/postgresql/migrations) at start. Prisma's own
// `migrate deploy` cannot run here on PostgreSQL (its WebAssembly engine fails), so this runner does what it
// does: each pending file in its own transaction, recorded in `_prisma_migrations` as Prisma records it (so
// `prisma migrate status` agrees). An advisory lock makes instances that start together take turns: the
// first migrates, the others then find nothing pending.
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { listMigrations } from "./migrations.ts";

export const POSTGRES_MIGRATIONS_DIR = fileURLToPath(new URL("../../prisma/postgresql/migrations", import.meta.url));

/** An arbitrary constant naming "Kyodo is migrating this database" among advisory locks. */
const MIGRATION_LOCK_KEY = 4_206_819_001;

// Prisma's own definition of the table, so its CLI reads our records.
const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

async function appliedNames(client: pg.Client): Promise<Set<string>> {
  const table = await client.query<{ exists: boolean }>(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS exists`);
  if (!table.rows[0]?.exists) return new Set();
  const rows = await client.query<{ migration_name: string }>(
    `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  );
  return new Set(rows.rows.map((r) => r.migration_name));
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Applies every pending migration; returns the names applied now (empty for every instance but the first). */
export async function applyPostgresMigrations(url: string, dir = POSTGRES_MIGRATIONS_DIR): Promise<string[]> {
  return withClient(url, async (client) => {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    try {
      await client.query(CREATE_TABLE);
      const done = await appliedNames(client);
      const applied: string[] = [];
      for (const migration of listMigrations(dir)) {
        if (done.has(migration.name)) continue;
        await client.query("BEGIN");
        try {
          // No parameters: the simple query protocol runs the whole multi-statement file.
          await client.query(migration.sql);
          await client.query(
            `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
             VALUES ($1, $2, now(), $3, now(), 1)`,
            [randomUUID(), migration.checksum, migration.name],
          );
          await client.query("COMMIT");
          applied.push(migration.name);
        } catch (error) {
          await client.query("ROLLBACK");
          throw new Error(`migration ${migration.name} failed: ${(error as Error).message}`);
        }
      }
      return applied;
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]);
    }
  });
}

export async function pendingPostgresMigrations(url: string, dir = POSTGRES_MIGRATIONS_DIR): Promise<string[]> {
  const done = await withClient(url, appliedNames);
  return listMigrations(dir)
    .map((m) => m.name)
    .filter((name) => !done.has(name));
}

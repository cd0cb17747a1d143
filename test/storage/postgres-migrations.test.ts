// PostgreSQL's migrations: the committed SQL builds exactly the schema of prisma/postgresql/schema.prisma (itself
// the SQLite schema with another provider), the runner applies each file once, and instances that start
// together migrate once between them.
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { listMigrations } from "../../src/storage/migrations.ts";
import { applyPostgresMigrations, pendingPostgresMigrations, POSTGRES_MIGRATIONS_DIR } from "../../src/storage/postgres-migrations.ts";
import { freshPostgresDatabase, postgresSkipReason } from "../support/postgres.ts";
import { ROOT } from "../support/run-command.ts";

const run = promisify(execFile);
const prismaEnv = (url: string) => ({ ...process.env, DATABASE_URL: url, PRISMA_SCHEMA_ENGINE_BINARY: "/bin/false" });

it("the PostgreSQL schema is the SQLite schema with another provider", async () => {
  await expect(run(process.execPath, ["scripts/derive-postgres-schema.mjs", "--check"], { cwd: ROOT })).resolves.toBeDefined();
});

/** An empty database (not a copy of the migrated template). */
async function emptyDatabase() {
  const database = await freshPostgresDatabase();
  const client = new pg.Client({ connectionString: database.databaseUrl });
  await client.connect();
  await client.query(`DROP SCHEMA public CASCADE; CREATE SCHEMA public`);
  await client.end();
  return database;
}

describe.skipIf(postgresSkipReason() !== "")("PostgreSQL migrations", () => {
  it("applies every committed migration once, and prisma migrate status agrees", async () => {
    const database = await emptyDatabase();
    try {
      const names = listMigrations(POSTGRES_MIGRATIONS_DIR).map((m) => m.name);
      expect(await applyPostgresMigrations(database.databaseUrl)).toEqual(names);
      expect(await applyPostgresMigrations(database.databaseUrl)).toEqual([]);
      expect(await pendingPostgresMigrations(database.databaseUrl)).toEqual([]);
      const { stdout } = await run(`${ROOT}node_modules/.bin/prisma`, ["migrate", "status"], {
        cwd: ROOT,
        env: prismaEnv(database.databaseUrl),
      });
      expect(stdout).toContain("Database schema is up to date");
    } finally {
      await database.drop();
    }
  });

  it("two instances starting at the same moment migrate once", async () => {
    const database = await emptyDatabase();
    try {
      const results = await Promise.all([applyPostgresMigrations(database.databaseUrl), applyPostgresMigrations(database.databaseUrl)]);
      const names = listMigrations(POSTGRES_MIGRATIONS_DIR).map((m) => m.name);
      expect(results.map((r) => r.length).sort()).toEqual([0, names.length]);
      const client = new pg.Client({ connectionString: database.databaseUrl });
      await client.connect();
      const rows = await client.query<{ migration_name: string }>(
        `SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name`,
      );
      await client.end();
      expect(rows.rows.map((r) => r.migration_name)).toEqual(names);
    } finally {
      await database.drop();
    }
  });

  it("a database with earlier migrations gets only the later ones; a failing one changes nothing", async () => {
    const database = await emptyDatabase();
    const dir = mkdtempSync(join(tmpdir(), "kyodo-pg-migrations-"));
    try {
      cpSync(POSTGRES_MIGRATIONS_DIR, dir, { recursive: true });
      expect(await applyPostgresMigrations(database.databaseUrl, dir)).toHaveLength(listMigrations(dir).length);
      mkdirSync(join(dir, "29991231000000_later"));
      writeFileSync(join(dir, "29991231000000_later", "migration.sql"), `ALTER TABLE "Council" ADD COLUMN "later" TEXT;`);
      mkdirSync(join(dir, "29991231000001_broken"));
      writeFileSync(join(dir, "29991231000001_broken", "migration.sql"), `ALTER TABLE "Council" ADD COLUMN "x" TEXT; SELECT nonsense();`);
      await expect(applyPostgresMigrations(database.databaseUrl, dir)).rejects.toThrow(/29991231000001_broken failed/);
      expect(await pendingPostgresMigrations(database.databaseUrl, dir)).toEqual(["29991231000001_broken"]);
      const client = new pg.Client({ connectionString: database.databaseUrl });
      await client.connect();
      const columns = await client.query<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns WHERE table_name = 'Council'`,
      );
      await client.end();
      const names = columns.rows.map((r) => r.column_name);
      expect(names).toContain("later");
      expect(names).not.toContain("x");
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await database.drop();
    }
  });

  it("the committed migrations create exactly the schema in prisma/postgresql/schema.prisma", async () => {
    const migrated = await emptyDatabase();
    const expected = await emptyDatabase();
    try {
      await applyPostgresMigrations(migrated.databaseUrl);
      const { stdout: sql } = await run(
        `${ROOT}node_modules/.bin/prisma`,
        ["migrate", "diff", "--from-empty", "--to-schema-datamodel", "prisma/postgresql/schema.prisma", "--script"],
        { cwd: ROOT, env: prismaEnv(expected.databaseUrl) },
      );
      const client = new pg.Client({ connectionString: expected.databaseUrl });
      await client.connect();
      await client.query(sql);
      await client.end();
      const described = await describeSchema(migrated.databaseUrl);
      expect(Object.keys(described)).toContain("AuditEntry");
      expect(described).toEqual(await describeSchema(expected.databaseUrl));
    } finally {
      await migrated.drop();
      await expected.drop();
    }
  });
});

/** Tables with their columns, indexes and constraints, ignoring column order and the migrations table. */
async function describeSchema(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const columns = await client.query<{
      table_name: string;
      column_name: string;
      data_type: string;
      is_nullable: string;
      column_default: string | null;
    }>(
      `SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' ORDER BY table_name, column_name`,
    );
    const indexes = await client.query<{ tablename: string; indexname: string; indexdef: string }>(
      `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY indexname`,
    );
    const constraints = await client.query<{ table_name: string; conname: string; def: string }>(
      `SELECT conrelid::regclass::text AS table_name, conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
       WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text NOT IN ('_prisma_migrations', '"_prisma_migrations"') ORDER BY conname`,
    );
    const out: Record<string, { columns: unknown[]; indexes: unknown[]; constraints: unknown[] }> = {};
    const table = (name: string) => (out[name] ??= { columns: [], indexes: [], constraints: [] });
    for (const c of columns.rows) table(c.table_name).columns.push([c.column_name, c.data_type, c.is_nullable, c.column_default]);
    for (const i of indexes.rows) table(i.tablename).indexes.push([i.indexname, i.indexdef]);
    for (const c of constraints.rows) table(c.table_name.replaceAll('"', "")).constraints.push([c.conname, c.def]);
    return out;
  } finally {
    await client.end();
  }
}

// The migration runner applies committed migrations once, records them as Prisma does, and Prisma's
// own CLI agrees that the database is up to date.
import { execFile } from "node:child_process";
import { rmSync } from "node:fs";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { openRawConnection } from "../../src/storage/database.ts";
import { applyMigrations, listMigrations, pendingMigrations } from "../../src/storage/migrations.ts";
import { ROOT } from "../support/run-command.ts";
import { tempDatabaseUrl } from "../support/test-kyodo.ts";

const { dir, databaseUrl } = tempDatabaseUrl();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("migrations", () => {
  it("applies every committed migration once", async () => {
    const raw = openRawConnection(databaseUrl);
    expect(await applyMigrations(raw)).toEqual(listMigrations().map((m) => m.name));
    expect(await applyMigrations(raw)).toEqual([]);
    expect(await pendingMigrations(raw)).toEqual([]);
    const mode = await raw.execute("PRAGMA journal_mode");
    expect(mode.rows[0]?.[0] as string).toBe("wal");
    raw.close();
  });

  it("prisma migrate status agrees", async () => {
    const { stdout } = await promisify(execFile)(`${ROOT}node_modules/.bin/prisma`, ["migrate", "status"], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_SCHEMA_ENGINE_BINARY: "/bin/false" },
    });
    expect(stdout).toContain("Database schema is up to date");
  });

  it("the committed migrations create exactly the schema in prisma/schema.prisma", async () => {
    // If someone edits the schema without writing a migration, the two databases differ. (Prisma's own
    // --from-migrations diff needs a shadow database, which driver adapters do not offer.)
    const { stdout: sql } = await promisify(execFile)(
      `${ROOT}node_modules/.bin/prisma`,
      ["migrate", "diff", "--from-empty", "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_SCHEMA_ENGINE_BINARY: "/bin/false" } },
    );
    const fromSchema = tempDatabaseUrl();
    const expected = openRawConnection(fromSchema.databaseUrl);
    await expected.executeMultiple(sql);
    const migrated = openRawConnection(databaseUrl);
    const described = await describeSchema(migrated);
    expect(Object.keys(described)).toContain("AuditEntry");
    expect(Object.keys(described)).not.toContain("_prisma_migrations");
    expect(described).toEqual(await describeSchema(expected));
    expected.close();
    migrated.close();
    rmSync(fromSchema.dir, { recursive: true, force: true });
  });
});

/** Tables with their columns, indexes and foreign keys, in a form that ignores how the SQL was written. */
async function describeSchema(client: ReturnType<typeof openRawConnection>) {
  const tables = await client.execute(
    `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite%' ORDER BY name`,
  );
  const out: Record<string, unknown> = {};
  for (const row of tables.rows) {
    const name = row.name as string;
    const columns = await client.execute(`PRAGMA table_info("${name}")`);
    const indexes = await client.execute(`PRAGMA index_list("${name}")`);
    const keys = await client.execute(`PRAGMA foreign_key_list("${name}")`);
    const indexColumns: Record<string, unknown> = {};
    for (const index of indexes.rows) {
      const info = await client.execute(`PRAGMA index_info("${index.name as string}")`);
      indexColumns[index.name as string] = { unique: index.unique, columns: info.rows.map((r) => r.name) };
    }
    out[name] = {
      // Sorted: a column added by ALTER TABLE comes last, which changes nothing that matters.
      columns: columns.rows
        .map((c) => [c.name, c.type, c.notnull, c.dflt_value, c.pk])
        .sort((a, b) => (a[0] as string).localeCompare(b[0] as string)),
      indexes: indexColumns,
      foreignKeys: keys.rows.map((k) => [k.table, k.from, k.to, k.on_update, k.on_delete]),
    };
  }
  return out;
}

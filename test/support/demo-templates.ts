// vitest globalSetup (after ./postgres-cluster.ts): the databases every test Kyodo starts from, built once per run.
// A Kyodo's first start migrates and loads the demo council through the real use cases, a transaction and an
// audit entry each: about 1.2 s of CPU and several seconds of disk syncs, which hundreds of tests paid again and
// again. Here one Kyodo starts once per provider; a test's Kyodo gets a copy (SQLite: the file and its audit key
// file; PostgreSQL: CREATE DATABASE … TEMPLATE), so it still starts whole and only finds the demo already loaded.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startKyodo } from "../../src/app.ts";
import { loadConfig } from "../../src/config/config.ts";
import { silentLogger } from "../../src/config/logger.ts";
import { openRawConnection } from "../../src/storage/database.ts";
import { DEMO_TEMPLATE_DATABASE, TEMPLATE_DATABASE, TEST_AUDIT_KEY, withDatabase } from "./postgres-cluster.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** path of the migrated SQLite database with the demo council loaded ("" when it could not be built) */
    sqliteDemoTemplate: string;
    /** whether the PostgreSQL test server has DEMO_TEMPLATE_DATABASE */
    pgDemoTemplate: boolean;
  }
}

/** Starts and stops a Kyodo on the database, as a test Kyodo would start (the defaults of startTestKyodo). */
async function startOnce(env: Record<string, string>): Promise<void> {
  const config = loadConfig({ PORT: "0", LOG_LEVEL: "silent", AUDIT_CHECKPOINT_CRON: "off", ...env });
  const kyodo = await startKyodo(config, silentLogger(), { http: false, scheduler: false });
  await kyodo.close();
}

/** Builds the SQLite template in the folder; returns the database file's path. */
async function buildSqliteTemplate(dir: string): Promise<string> {
  const file = join(dir, "kyodo.db");
  await startOnce({ DATABASE_URL: `file:${file}` });
  // Everything into the main file, so a copy of it alone (with the key file) is the whole database.
  const raw = openRawConnection(`file:${file}`);
  try {
    await raw.execute("PRAGMA wal_checkpoint(TRUNCATE)");
  } finally {
    raw.close();
  }
  if (!existsSync(`${file}.audit-key`)) throw new Error("the template's audit key file is missing");
  return file;
}

/** Builds DEMO_TEMPLATE_DATABASE from the migrated TEMPLATE_DATABASE. */
async function buildPostgresTemplate(adminUrl: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${DEMO_TEMPLATE_DATABASE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${DEMO_TEMPLATE_DATABASE} TEMPLATE ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.end();
  }
  await startOnce({ DATABASE_URL: withDatabase(adminUrl, DEMO_TEMPLATE_DATABASE), AUDIT_KEY: TEST_AUDIT_KEY });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), "kyodo-template-"));
  // Without a template, tests load the demo themselves, as before: slower, never wrong.
  const failed = (which: string, error: unknown) =>
    process.stderr.write(`${which} demo template not built (${(error as Error).message.split("\n")[0]}); its tests load the demo\n`);
  let sqliteTemplate = "";
  try {
    sqliteTemplate = await buildSqliteTemplate(dir);
  } catch (error) {
    failed("SQLite", error);
  }
  let pgTemplate = false;
  const adminUrl = project.getProvidedContext().pgAdminUrl;
  if (adminUrl) {
    try {
      await buildPostgresTemplate(adminUrl);
      pgTemplate = true;
    } catch (error) {
      failed("PostgreSQL", error);
    }
  }
  project.provide("sqliteDemoTemplate", sqliteTemplate);
  project.provide("pgDemoTemplate", pgTemplate);
  return () => {
    rmSync(dir, { recursive: true, force: true });
    return Promise.resolve();
  };
}

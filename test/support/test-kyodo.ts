// Starts a real Kyodo for a test: a fresh SQLite file in a temporary folder, the demo council, and the
// HTTP server on a free loopback port. Nothing is mocked; the test talks to what users run.
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startKyodo, type Kyodo, type StartOptions } from "../../src/app.ts";
import { loadConfig } from "../../src/config/config.ts";
import { silentLogger } from "../../src/config/logger.ts";
import { issueEnrolmentCode } from "../../src/domain/identities/issue-enrolment-code.ts";
import { findPerson } from "../../src/domain/people/find-person.ts";

export interface TestKyodo extends Kyodo {
  dir: string;
  databaseUrl: string;
  baseUrl: string;
  /** issues a one-time enrolment code for a demo person (as the secretariat would) */
  codeFor(handle: string): Promise<string>;
  /** stops Kyodo and deletes its folder */
  dispose(): Promise<void>;
}

export function tempDatabaseUrl(): { dir: string; databaseUrl: string } {
  const dir = mkdtempSync(join(tmpdir(), "kyodo-test-"));
  return { dir, databaseUrl: `file:${join(dir, "kyodo.db")}` };
}

/** Settings that change what a first start writes: a test that sets one starts from an empty database. */
const STARTUP_SETTINGS = ["KYODO_LOAD_DEMO", "KYODO_COUNCIL", "AUDIT_KEY", "AUDIT_KEY_FILE", "AUDIT_KEY_LEGACY_ENTRIES"];

/** Whether a test Kyodo with these settings may start from a copy of the demo template (./demo-templates.ts). */
export const startsFromDemoTemplate = (env: Record<string, string>): boolean => STARTUP_SETTINGS.every((name) => env[name] === undefined);

/** The run's migrated database with the demo loaded (./demo-templates.ts); "" outside vitest (benchmarks). */
async function sqliteDemoTemplate(): Promise<string> {
  if (!process.env.VITEST) return "";
  const { inject } = await import("vitest");
  return inject("sqliteDemoTemplate") ?? "";
}

/** A fresh SQLite file in a temporary folder: a copy of the demo template when the test's settings allow it. */
async function freshSqliteDatabase(env: Record<string, string>): Promise<{ dir: string; databaseUrl: string }> {
  const fresh = tempDatabaseUrl();
  const template = startsFromDemoTemplate(env) ? await sqliteDemoTemplate() : "";
  if (template) {
    const file = fresh.databaseUrl.slice("file:".length);
    copyFileSync(template, file);
    copyFileSync(`${template}.audit-key`, `${file}.audit-key`);
  }
  return fresh;
}

export async function startTestKyodo(env: Record<string, string> = {}, options: StartOptions = {}): Promise<TestKyodo> {
  const { dir, databaseUrl } = env.DATABASE_URL ? { dir: "", databaseUrl: env.DATABASE_URL } : await freshSqliteDatabase(env);
  let kyodo: Kyodo;
  try {
    // The daily audit checkpoint would add a notice to every secretariat member's chat; only its own test wants it.
    const config = loadConfig({ PORT: "0", LOG_LEVEL: "silent", DATABASE_URL: databaseUrl, AUDIT_CHECKPOINT_CRON: "off", ...env });
    // Tests drive the scheduler themselves (scheduler.tick(now)) with a controlled clock.
    kyodo = await startKyodo(config, silentLogger(), { scheduler: false, ...options });
  } catch (error) {
    // A start expected to fail (a configuration test) leaves no folder behind.
    if (dir) rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return Object.assign(kyodo, {
    dir,
    databaseUrl,
    baseUrl: kyodo.http ? `http://127.0.0.1:${kyodo.http.port}` : "",
    async codeFor(handle: string) {
      const person = await findPerson(kyodo.db, kyodo.council.id, handle);
      return (await issueEnrolmentCode(kyodo.db, person.id, "test:secretariat")).code;
    },
    async dispose() {
      await kyodo.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  });
}

// Starts a real Kyodo for a test: a fresh SQLite file in a temporary folder, the demo council, and the
// HTTP server on a free loopback port. Nothing is mocked; the test talks to what users run.
import { mkdtempSync, rmSync } from "node:fs";
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

export async function startTestKyodo(env: Record<string, string> = {}, options: StartOptions = {}): Promise<TestKyodo> {
  const { dir, databaseUrl } = env.DATABASE_URL ? { dir: "", databaseUrl: env.DATABASE_URL } : tempDatabaseUrl();
  // The daily audit checkpoint would add a notice to every secretariat member's chat; only its own test wants it.
  const config = loadConfig({ PORT: "0", LOG_LEVEL: "silent", DATABASE_URL: databaseUrl, AUDIT_CHECKPOINT_CRON: "off", ...env });
  // Tests drive the scheduler themselves (scheduler.tick(now)) with a controlled clock.
  const kyodo = await startKyodo(config, silentLogger(), { scheduler: false, ...options });
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

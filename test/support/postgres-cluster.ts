// vitest globalSetup: one throw-away PostgreSQL cluster per test run, so the PostgreSQL suites run against a
// real server. KYODO_TEST_PG_URL (a superuser URL) uses an existing server instead. Without either, the
// PostgreSQL suites are skipped and say why; the SQLite suites run as always.
import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import pg from "pg";
import { applyPostgresMigrations } from "../../src/storage/postgres-migrations.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** superuser URL of the test server, or "" when there is none */
    pgAdminUrl: string;
    /** why the PostgreSQL suites are skipped ("" when they run) */
    pgSkipReason: string;
  }
}

export const PG_BIN = process.env.KYODO_TEST_PG_BIN ?? "/usr/lib/postgresql/15/bin";
/** Every test database is a copy of this one, already migrated: a copy takes milliseconds. */
export const TEMPLATE_DATABASE = "kyodo_template";
/** The same with the demo council loaded (./demo-templates.ts), which test Kyodos start from. */
export const DEMO_TEMPLATE_DATABASE = "kyodo_template_demo";
/** A fixed audit key for PostgreSQL tests (SQLite tests get a key file beside the database). */
export const TEST_AUDIT_KEY = "ktest:0123456789abcdef0123456789abcdef";

let cluster: { dir: string; asUser: string[] } | undefined;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** PostgreSQL refuses to run as root: as root, run its tools as the `postgres` user. */
function unprivileged(): string[] | string {
  if (userInfo().uid !== 0) return [];
  try {
    execFileSync("id", ["-u", "postgres"], { stdio: "ignore" });
  } catch {
    return "running as root and there is no `postgres` user to run PostgreSQL as";
  }
  // runuser lives in /usr/sbin, which an ordinary user's PATH (and so a newcomer's shell as root) may lack.
  const runuser = ["/usr/sbin/runuser", "/sbin/runuser"].find((path) => existsSync(path)) ?? "runuser";
  return [runuser, "-u", "postgres", "--"];
}

function run(asUser: string[], command: string, args: string[]): void {
  const [file, ...rest] = [...asUser, command, ...args];
  execFileSync(file!, rest, { stdio: ["ignore", "ignore", "pipe"] });
}

/** Starts a throw-away cluster on a free loopback port (also used by scripts/scale-out.ts); its superuser URL.
 *  `durable`: fsync on, as a production server has it — for benchmarks, whose numbers must not be flattered. */
export async function startCluster(options: { durable?: boolean } = {}): Promise<string> {
  const asUser = unprivileged();
  if (typeof asUser === "string") throw new Error(asUser);
  const dir = mkdtempSync(join(tmpdir(), "kyodo-pg-"));
  if (asUser.length > 0) chownSync(dir, Number(execFileSync("id", ["-u", "postgres"]).toString()), 0);
  cluster = { dir, asUser };
  const port = await freePort();
  run(asUser, `${PG_BIN}/initdb`, ["-D", `${dir}/data`, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8"]);
  // fsync off for tests: a test cluster is thrown away, durability buys nothing there.
  const durability = options.durable ? "" : " -c fsync=off -c full_page_writes=off";
  const settings = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1${durability} -c max_connections=200`;
  run(asUser, `${PG_BIN}/pg_ctl`, ["-D", `${dir}/data`, "-l", `${dir}/log`, "-o", settings, "-w", "start"]);
  return `postgresql://postgres@127.0.0.1:${port}/postgres`;
}

async function createTemplate(adminUrl: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.end();
  }
  await applyPostgresMigrations(withDatabase(adminUrl, TEMPLATE_DATABASE));
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let adminUrl = process.env.KYODO_TEST_PG_URL ?? "";
  let reason = "";
  try {
    if (!adminUrl) {
      if (!existsSync(`${PG_BIN}/initdb`))
        throw new Error(`no PostgreSQL at ${PG_BIN} (apt-get install postgresql, or set KYODO_TEST_PG_URL)`);
      adminUrl = await startCluster();
    }
    await createTemplate(adminUrl);
  } catch (error) {
    reason = (error as Error).message.split("\n")[0] ?? "PostgreSQL did not start";
    adminUrl = "";
    process.stderr.write(`PostgreSQL suites skipped: ${reason}\n`);
  }
  project.provide("pgAdminUrl", adminUrl);
  project.provide("pgSkipReason", reason);
  return () => {
    stopCluster();
    return Promise.resolve();
  };
}

/** Stops the cluster startCluster started and deletes its files. */
export function stopCluster(): void {
  if (!cluster) return;
  const { dir, asUser } = cluster;
  cluster = undefined;
  try {
    run(asUser, `${PG_BIN}/pg_ctl`, ["-D", `${dir}/data`, "-m", "immediate", "stop"]);
  } catch (error) {
    // A cluster that never started (its start failed and the suites were skipped) has nothing to stop;
    // the run's result stands either way.
    process.stderr.write(`PostgreSQL test cluster not stopped: ${(error as Error).message.split("\n")[0]}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

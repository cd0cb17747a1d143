// Tests on both providers. `describeEachProvider` runs a suite once on SQLite and once on the PostgreSQL test
// server (test/support/postgres-cluster.ts); each Kyodo a test starts gets its own fresh database (a copy of
// the migrated template), dropped when the test disposes of it. Without a server, the PostgreSQL copy of the
// suite is skipped and the reason is printed.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, inject } from "vitest";
import type { StartOptions } from "../../src/app.ts";
import { openDatabase, type Db } from "../../src/storage/database.ts";
import type { Provider } from "../../src/storage/provider.ts";
import { DEMO_TEMPLATE_DATABASE, TEMPLATE_DATABASE, TEST_AUDIT_KEY, withDatabase } from "./postgres-cluster.ts";
import { startsFromDemoTemplate, startTestKyodo, tempDatabaseUrl, type TestKyodo } from "./test-kyodo.ts";
import { rmSync } from "node:fs";

export { TEST_AUDIT_KEY };

export function postgresSkipReason(): string {
  return inject("pgAdminUrl") ? "" : inject("pgSkipReason") || "no PostgreSQL test server";
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject("pgAdminUrl") });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  databaseUrl: string;
  drop(): Promise<void>;
}

/** A fresh, migrated PostgreSQL database of its own: empty, or a copy of another template (the demo's). */
export async function freshPostgresDatabase(template = TEMPLATE_DATABASE): Promise<TestDatabase> {
  const name = `kyodo_w${process.env.VITEST_POOL_ID ?? "0"}_${randomBytes(5).toString("hex")}`;
  // CREATE DATABASE … TEMPLATE fails while anyone is connected to the template; tests never are, but a
  // neighbour's copy started at the same instant is: retry briefly.
  for (let attempt = 0; ; attempt++) {
    try {
      await admin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
      break;
    } catch (error) {
      if (attempt >= 20 || !/being accessed by other users/.test((error as Error).message)) throw error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    databaseUrl: withDatabase(inject("pgAdminUrl"), name),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/** Two instances' connections to one fresh PostgreSQL database, opened before the enclosing suite's tests and
 *  closed after them (read `dbs` inside the tests). */
export function twoInstancesOnPostgres(): { dbs: [Db, Db] } {
  const instances = {} as { dbs: [Db, Db] };
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await freshPostgresDatabase();
    instances.dbs = [openDatabase(database.databaseUrl), openDatabase(database.databaseUrl)];
  });
  afterAll(async () => {
    for (const db of instances.dbs ?? []) await db.$disconnect();
    await database?.drop();
  });
  return instances;
}

/** A fresh database of the provider: a SQLite file in a temporary folder, or a PostgreSQL database. */
export async function freshDatabase(provider: Provider): Promise<TestDatabase> {
  if (provider === "postgresql") return freshPostgresDatabase();
  const { dir, databaseUrl } = tempDatabaseUrl();
  return { databaseUrl, drop: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })) };
}

export interface TestProvider {
  name: Provider;
  /** environment a Kyodo process needs for this provider (its database URL and, for PostgreSQL, an audit key) */
  database(): Promise<TestDatabase & { env: Record<string, string> }>;
  /** startTestKyodo on a fresh database of this provider */
  startKyodo(env?: Record<string, string>, options?: StartOptions): Promise<TestKyodo>;
}

function testProvider(name: Provider): TestProvider {
  return {
    name,
    async database() {
      const database = await freshDatabase(name);
      return { ...database, env: { DATABASE_URL: database.databaseUrl, ...(name === "postgresql" ? { AUDIT_KEY: TEST_AUDIT_KEY } : {}) } };
    },
    async startKyodo(env = {}, options = {}) {
      if (name === "sqlite") return startTestKyodo(env, options);
      // Unless the test changes what a first start writes, its database is a copy of the one with the demo loaded.
      const database = await freshPostgresDatabase(
        startsFromDemoTemplate(env) && inject("pgDemoTemplate") ? DEMO_TEMPLATE_DATABASE : undefined,
      );
      let kyodo: TestKyodo;
      try {
        kyodo = await startTestKyodo({ DATABASE_URL: database.databaseUrl, AUDIT_KEY: TEST_AUDIT_KEY, ...env }, options);
      } catch (error) {
        await database.drop();
        throw error;
      }
      const dispose = kyodo.dispose.bind(kyodo);
      kyodo.dispose = async () => {
        try {
          await dispose();
        } finally {
          await database.drop();
        }
      };
      return kyodo;
    },
  };
}

/** Runs the suite on SQLite and on PostgreSQL (skipped, with the reason printed, when no server is available). */
export function describeEachProvider(name: string, suite: (provider: TestProvider) => void): void {
  describe(`${name} [sqlite]`, () => suite(testProvider("sqlite")));
  const reason = postgresSkipReason();
  if (reason) {
    process.stderr.write(`skipped "${name} [postgresql]": ${reason}\n`);
    describe.skip(`${name} [postgresql] (skipped: ${reason})`, () => suite(testProvider("postgresql")));
  } else {
    describe(`${name} [postgresql]`, () => suite(testProvider("postgresql")));
  }
}

// PostgreSQL through Prisma's pg driver adapter. Its generated client (from prisma/postgresql/schema.prisma,
// the same data model) has exactly the SQLite client's model API, so the rest of Kyodo keeps seeing `Db`.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated-postgresql/client.ts";
import type { Db } from "./database.ts";

/** Connections per process: a few instances share one server (max_connections is 100 by default). */
const POOL_SIZE = 10;

export function openPostgresDatabase(url: string): Db {
  const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: POOL_SIZE }) });
  // Same schema, same model types; only the provider name inside the generated code differs.
  return client as unknown as Db;
}

// PostgreSQL through Prisma's pg driver adapter. Its generated client (from prisma/postgresql/schema.prisma,
// the same data model) has exactly the SQLite client's model API, so the rest of Kyodo keeps seeing `Db`.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated-postgresql/client.ts";
import type { Db } from "./database.ts";

/** Connections per process: a few instances share one server (max_connections is 100 by default). */
const POOL_SIZE = 10;

export function openPostgresDatabase(url: string): Db {
  const client = new PrismaClient({
    adapter: new PrismaPg({ connectionString: url, max: POOL_SIZE }),
    // More events at once than pooled connections: a transaction waits its turn for one (as on SQLite) rather
    // than fail after Prisma's default 2 s (the likely cause of a 40-vote burst test failing on a loaded two-core machine).
    transactionOptions: { maxWait: 10_000 },
  });
  // Same schema, same model types; only the provider name inside the generated code differs.
  return client as unknown as Db;
}

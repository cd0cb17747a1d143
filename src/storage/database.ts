// The database handle every other layer receives. SQLite through libsql is the embedded default; the
// rest of the code sees only `Db` (the generated Prisma client type), so another provider can be added
// here without touching domain code.
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { createClient, type Client, type Config as LibsqlConfig, type TransactionMode } from "@libsql/client";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import type { SqlDriverAdapter } from "@prisma/driver-adapter-utils";
import { PrismaClient } from "./generated/client.ts";
import { withLanes } from "./priority-lane.ts";

export type Db = PrismaClient;
export type { Prisma } from "./generated/client.ts";

/** Per-connection settings: wait for a lock held by another process (the CLI beside the server), and
 *  sync each commit to disk so an acknowledged vote survives a crash or power loss. */
const CONNECTION_PRAGMAS = ["PRAGMA busy_timeout = 5000", "PRAGMA synchronous = FULL", "PRAGMA foreign_keys = ON"];

class TunedLibSQL extends PrismaLibSQL {
  /** Acknowledgements' inbox writes go ahead of queued work (src/storage/priority-lane.ts). */
  override async connect(): Promise<SqlDriverAdapter> {
    return withLanes(await super.connect());
  }

  override createClient(config: LibsqlConfig): Client {
    const client = super.createClient(config);
    // libsql runs statements on one connection in order, so these apply before any query Prisma sends.
    for (const pragma of CONNECTION_PRAGMAS) void client.execute(pragma).catch(() => undefined);
    // Prisma opens its transactions DEFERRED. When two processes share the file (the CLI beside the
    // server, two schedulers), a deferred transaction that read first and then writes fails at once with
    // SQLITE_BUSY; BEGIN IMMEDIATE takes the write lock up front and waits politely (busy_timeout).
    const transaction = client.transaction.bind(client);
    client.transaction = async (mode?: TransactionMode) => {
      const tx = await transaction(mode === "read" ? "read" : "write");
      // libsql hands its connection to the transaction and opens a fresh one for what follows; the
      // fresh connection needs the same settings.
      for (const pragma of CONNECTION_PRAGMAS) await client.execute(pragma);
      return tx;
    };
    return client;
  }
}

/** Resolves a `file:` URL against the working directory and makes sure its folder exists. */
export function prepareDatabaseUrl(url: string): string {
  if (!url.startsWith("file:")) return url;
  const path = resolve(url.slice("file:".length));
  mkdirSync(dirname(path), { recursive: true });
  return `file:${path}`;
}

export function openDatabase(url: string): Db {
  return new PrismaClient({ adapter: new TunedLibSQL({ url: prepareDatabaseUrl(url) }) });
}

/** A raw libsql connection, for the migration runner (it needs multi-statement scripts). */
export function openRawConnection(url: string): Client {
  return createClient({ url: prepareDatabaseUrl(url) });
}

/** A use case may run inside a transaction or directly on the database; both expose the same models. */
export type DbOrTx = Db | Omit<Db, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

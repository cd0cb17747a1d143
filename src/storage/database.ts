// The database handle every other layer receives. SQLite through libsql is the embedded default; the
// rest of the code sees only `Db` (the generated Prisma client type), so another provider can be added
// here without touching domain code.
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import {
  createClient,
  type Client,
  type Config as LibsqlConfig,
  type InStatement,
  type ResultSet,
  type Transaction,
  type TransactionMode,
} from "@libsql/client";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaClient } from "./generated/client.ts";
import { isBusy, waitForLocksAsynchronously } from "./wait-for-lock.ts";

export type Db = PrismaClient;
export type { Prisma } from "./generated/client.ts";

/** Per-connection settings: a lock held by another process (the CLI beside the server) is reported at once
 *  and waited for asynchronously (./wait-for-lock.ts), never by SQLite sleeping on the event loop; each
 *  commit is synced to disk so an acknowledged vote survives a crash or power loss. */
const CONNECTION_PRAGMAS = ["PRAGMA busy_timeout = 0", "PRAGMA synchronous = FULL", "PRAGMA foreign_keys = ON"];

class TunedLibSQL extends PrismaLibSQL {
  override async connect() {
    return waitForLocksAsynchronously(await super.connect());
  }

  override createClient(config: LibsqlConfig): Client {
    const client = super.createClient(config);
    const executeOnce = client.execute.bind(client);
    const execute = (stmt: InStatement): Promise<ResultSet> => executeOnce(stmt);
    const transaction = client.transaction.bind(client);
    const configure = async () => {
      for (const pragma of CONNECTION_PRAGMAS) await execute(pragma);
    };
    // libsql leaves a statement that failed with SQLITE_BUSY unfinished: its connection stays inside an
    // implicit transaction, and what it writes afterwards is never committed. Such a connection is
    // retired — handed to a throw-away transaction, which rolls back — and a fresh one configured; the
    // caller (./wait-for-lock.ts) tries again after a pause.
    const retireConnection = async () => {
      (await transaction("deferred")).close();
      await configure();
    };
    // libsql runs statements on one connection in order, so these apply before any query Prisma sends.
    void configure().catch(() => undefined);
    client.execute = (async (stmt: InStatement) => {
      try {
        return await execute(stmt);
      } catch (error) {
        if (isBusy(error)) await retireConnection();
        throw error;
      }
    });
    // Prisma opens its transactions DEFERRED. When two processes share the file (the CLI beside the
    // server, two schedulers), a deferred transaction that read first and then writes fails at once with
    // SQLITE_BUSY; BEGIN IMMEDIATE takes the write lock up front (and `connect` waits for it asynchronously).
    client.transaction = async (mode?: TransactionMode) => {
      let tx: Transaction;
      try {
        tx = await transaction(mode === "read" ? "read" : "write");
      } catch (error) {
        if (isBusy(error)) await retireConnection();
        throw error;
      }
      // libsql hands its connection to the transaction and opens a fresh one for what follows; the
      // fresh connection needs the same settings.
      await configure();
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

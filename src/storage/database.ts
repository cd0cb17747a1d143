// The database handle every other layer receives. SQLite through libsql is the embedded default;
// `postgresql://` URLs open PostgreSQL (./postgres.ts). The rest of the code sees only `Db` (the generated
// Prisma client type), so domain code does not know which one it talks to.
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
import type { SqlDriverAdapter } from "@prisma/driver-adapter-utils";
import { PrismaClient } from "./generated/client.ts";
import { openPostgresDatabase } from "./postgres.ts";
import { isPostgresUrl } from "./provider.ts";
import { LaneLock, withLanes } from "./priority-lane.ts";
import { INBOX_DDL, inboxFileUrl } from "./inbox-schema.ts";
import { isBusy, waitForLocksAsynchronously } from "./wait-for-lock.ts";

export type Db = PrismaClient;
export type { Prisma } from "./generated/client.ts";

/** Per-connection settings: a lock held by another process (the CLI beside the server) is reported at once
 *  and waited for asynchronously (./wait-for-lock.ts), never by SQLite sleeping on the event loop; each
 *  commit is synced to disk so an acknowledged vote survives a crash or power loss. */
const CONNECTION_PRAGMAS = ["PRAGMA busy_timeout = 0", "PRAGMA synchronous = FULL", "PRAGMA foreign_keys = ON"];

interface Tuning {
  /** statements run on every new connection before anything else (after CONNECTION_PRAGMAS) */
  setup: string[];
  /** in the inbox worker, whether this file's statements step back while acknowledgements write to it */
  stepsBackForAcks: boolean;
}

class TunedLibSQL extends PrismaLibSQL {
  private readonly tuning: Tuning;

  constructor(config: LibsqlConfig, tuning: Tuning) {
    super(config);
    this.tuning = tuning;
  }

  /** Acknowledgements' inbox writes go ahead of queued work (./priority-lane.ts); a statement that meets
   *  another process's lock waits outside the lanes, so this process's other queries run meanwhile. */
  override async connect(): Promise<SqlDriverAdapter> {
    return waitForLocksAsynchronously(withLanes(await super.connect(), new LaneLock({ stepsBackForAcks: this.tuning.stepsBackForAcks })));
  }

  override createClient(config: LibsqlConfig): Client {
    return tuneClient(super.createClient(config), this.tuning.setup);
  }
}

/** A libsql client set up as Kyodo needs it (settings, BUSY handling, transactions on its one connection). */
export function tuneClient(client: Client, setup: string[] = []): Client {
  const executeOnce = client.execute.bind(client);
  const libsqlTransaction = client.transaction.bind(client);
  const configure = async () => {
    for (const statement of [...CONNECTION_PRAGMAS, ...setup]) await executeOnce(statement);
  };
  // libsql leaves a statement that failed with SQLITE_BUSY unfinished: its connection stays inside an
  // implicit transaction, and what it writes afterwards is never committed. Such a connection is
  // retired — handed to a throw-away libsql transaction, which closes it — and a fresh one configured;
  // the caller (./wait-for-lock.ts) tries again after a pause.
  const retireConnection = async () => {
    (await libsqlTransaction("deferred")).close();
    await configure();
  };
  // libsql runs statements on one connection in order, so these apply before any query Prisma sends.
  void configure().catch(() => undefined);
  client.execute = async (stmt: InStatement): Promise<ResultSet> => {
    try {
      return await executeOnce(stmt);
    } catch (error) {
      if (isBusy(error)) await retireConnection();
      throw error;
    }
  };
  // Transactions run on the client's one connection. libsql's own `transaction()` hands that connection
  // to the transaction and opens a new one for what follows, never closing the old one: a connection
  // (with its page cache) per transaction, freed only whenever the garbage collector finalises it — RSS
  // grew by gigabytes in a 2,000-vote burst (issue #15), and each new connection needed its settings
  // again. Nothing else can use the connection meanwhile: the driver adapter (and the lane lock before
  // it, priority-lane.ts) holds it from BEGIN to COMMIT or ROLLBACK.
  // Prisma opens its transactions DEFERRED. When two processes share the file (the CLI beside the
  // server, two schedulers), a deferred transaction that read first and then writes fails at once with
  // SQLITE_BUSY; BEGIN IMMEDIATE takes the write lock up front (and `connect` waits for it asynchronously).
  client.transaction = async (mode?: TransactionMode) => {
    await client.execute(mode === "read" ? "BEGIN DEFERRED" : "BEGIN IMMEDIATE");
    return sameConnectionTransaction(client);
  };
  return client;
}

function sameConnectionTransaction(client: Client): Transaction {
  let open = true;
  const end = async (sql: "COMMIT" | "ROLLBACK") => {
    if (!open) return;
    open = false;
    try {
      await client.execute(sql);
    } catch (error) {
      // SQLite may have rolled back by itself (a full disk, an interrupted statement): nothing to end.
      if (sql === "COMMIT" || !/no transaction is active/i.test(String((error as Error).message))) throw error;
    }
  };
  return {
    execute: (stmt: InStatement) => client.execute(stmt),
    batch: async (stmts: InStatement[]) => {
      const results = [];
      for (const stmt of stmts) results.push(await client.execute(stmt));
      return results;
    },
    executeMultiple: (sql: string) => client.executeMultiple(sql),
    commit: () => end("COMMIT"),
    rollback: () => end("ROLLBACK"),
    close: () => void end("ROLLBACK").catch(() => undefined),
    get closed() {
      return !open;
    },
  };
}

/** Resolves a `file:` URL against the working directory and makes sure its folder exists. */
export function prepareDatabaseUrl(url: string): string {
  if (!url.startsWith("file:")) return url;
  const path = resolve(url.slice("file:".length));
  mkdirSync(dirname(path), { recursive: true });
  return `file:${path}`;
}

function openSqlite(url: string, tuning: Tuning): Db {
  return new PrismaClient({
    adapter: new TunedLibSQL({ url }, tuning),
    // One connection serves the process: a transaction waits its turn for it (priority-lane.ts) rather
    // than fail after Prisma's default 2 s when many events arrive at once.
    transactionOptions: { maxWait: 10_000 },
  });
}

/** The inbox's file beside each main SQLite database opened here (./inbox-schema.ts), and its client once opened. */
const inboxFiles = new WeakMap<Db, { url: string; db?: Db }>();

export function openDatabase(url: string): Db {
  if (isPostgresUrl(url)) return openPostgresDatabase(url);
  const prepared = prepareDatabaseUrl(url);
  // The main file's work no longer shares a lock with acknowledgements: it need not step back for them.
  const db = openSqlite(prepared, { setup: [], stepsBackForAcks: false });
  const inboxUrl = inboxFileUrl(prepared);
  if (inboxUrl) {
    const entry: { url: string; db?: Db } = { url: inboxUrl };
    inboxFiles.set(db, entry);
    const disconnect = db.$disconnect.bind(db);
    db.$disconnect = async () => {
      await entry.db?.$disconnect();
      entry.db = undefined;
      await disconnect();
    };
  }
  return db;
}

/** Where the inbox's table is: a client of the inbox's own file for a SQLite database opened by
 *  `openDatabase` (created when missing, opened on first use), the database itself otherwise (PostgreSQL). */
export function inboxDbOf(db: Db): Db {
  const entry = inboxFiles.get(db);
  if (!entry) return db;
  // WAL is the file's own setting, made once at start (./inbox-file.ts); the table is created if missing.
  entry.db ??= openSqlite(entry.url, { setup: INBOX_DDL, stepsBackForAcks: true });
  return entry.db;
}

/** The inbox file's URL of a SQLite database opened by `openDatabase`, if it has one. */
export function inboxFileOf(db: Db): string | undefined {
  return inboxFiles.get(db)?.url;
}

/** A raw libsql connection, for the migration runner (it needs multi-statement scripts). */
export function openRawConnection(url: string): Client {
  return createClient({ url: prepareDatabaseUrl(url) });
}

/** A use case may run inside a transaction or directly on the database; both expose the same models. */
export type DbOrTx = Db | Omit<Db, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

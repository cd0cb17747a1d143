// Acknowledgements first (issue #15). On the embedded database every query of the process goes through
// one connection, one at a time, and libsql does its work synchronously: a statement, once started, runs
// to its end on the event loop, and a transaction holds the connection until it commits. The adapter
// queued callers first come, first served, so an acknowledgement's inbox INSERT waited behind every
// query of the work already queued (a vote is dozens). This lock in front of the driver adapter keeps two
// lanes: what runs inside `urgently()` (the inbox write on the ack path) takes the connection as soon as
// the statement or transaction in progress ends; everything else gets it at most one statement (or one
// transaction) per turn of the event loop, so new requests are read, and reach the lock, between any two.
import { AsyncLocalStorage } from "node:async_hooks";
import type { SqlDriverAdapter, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";

const lane = new AsyncLocalStorage<"urgent">();

/** Runs `work` with its database statements ahead of the queue (keep it to one short statement). */
export function urgently<T>(work: () => Promise<T>): Promise<T> {
  return lane.run("urgent", work);
}

/** Statements sent to the database by this process, in or out of transactions (profiling: queries per event). */
export const statementCount: { statements: number; transactions: number; trace?: string[] } = { statements: 0, transactions: 0 };

export class LaneLock {
  private held = false;
  private readonly urgent: Array<() => void> = [];
  private readonly normal: Array<() => void> = [];
  private turnScheduled = false;
  /** counters for benchmarks: statements or transactions taken in each lane */
  readonly stats = { urgent: 0, normal: 0 };

  get waiting(): number {
    return this.urgent.length + this.normal.length;
  }

  async acquire(urgent: boolean): Promise<() => void> {
    await new Promise<void>((resolve) => {
      if (urgent) {
        this.stats.urgent += 1;
        if (this.held) this.urgent.push(resolve);
        else {
          this.held = true;
          resolve();
        }
      } else {
        this.stats.normal += 1;
        this.normal.push(resolve);
        this.scheduleTurn();
      }
    });
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // Urgent waiters get the connection straight away; otherwise it is free, and the next ordinary
      // statement waits for the next turn of the event loop.
      const next = this.urgent.shift();
      if (next) return next();
      this.held = false;
      if (this.normal.length > 0) this.scheduleTurn();
    };
  }

  /** Ordinary statements get the connection at most one per turn of the event loop, so requests that
   *  arrived meanwhile are read (and their inbox writes queued, urgently) between any two of them. */
  private scheduleTurn(): void {
    if (this.turnScheduled) return;
    this.turnScheduled = true;
    setImmediate(() => {
      this.turnScheduled = false;
      if (this.held || this.normal.length === 0) return; // the release schedules the next turn
      this.held = true;
      this.normal.shift()!();
    });
  }
}

/** The driver adapter behind the two-lane lock. A transaction holds the lock until it commits or rolls back. */
export function withLanes(adapter: SqlDriverAdapter, lock = new LaneLock()): SqlDriverAdapter {
  const isUrgent = () => lane.getStore() === "urgent";
  const guarded =
    <A, R>(run: (arg: A) => Promise<R>) =>
    async (arg: A): Promise<R> => {
      statementCount.statements += 1;
      statementCount.trace?.push(String((arg as SqlQuery).sql ?? arg));
      const release = await lock.acquire(isUrgent());
      try {
        return await run(arg);
      } finally {
        release();
      }
    };
  const wrapped: Partial<SqlDriverAdapter> = {
    queryRaw: guarded((query: SqlQuery) => adapter.queryRaw(query)),
    executeRaw: guarded((query: SqlQuery) => adapter.executeRaw(query)),
    executeScript: guarded((script: string) => adapter.executeScript(script)),
    async startTransaction(isolationLevel) {
      statementCount.transactions += 1;
      statementCount.trace?.push("BEGIN");
      const release = await lock.acquire(isUrgent());
      let tx: Transaction;
      try {
        tx = await adapter.startTransaction(isolationLevel);
      } catch (error) {
        release();
        throw error;
      }
      const end = (finish: () => Promise<void>) => async () => {
        try {
          await finish();
        } finally {
          release();
        }
      };
      const counted =
        <A, R>(run: (arg: A) => Promise<R>) =>
        (arg: A): Promise<R> => {
          statementCount.statements += 1;
          statementCount.trace?.push(`  tx: ${(arg as SqlQuery).sql}`);
          return run(arg);
        };
      return Object.assign(Object.create(tx) as Transaction, {
        queryRaw: counted((query: SqlQuery) => tx.queryRaw(query)),
        executeRaw: counted((query: SqlQuery) => tx.executeRaw(query)),
        commit: end(() => tx.commit()),
        rollback: end(() => tx.rollback()),
      });
    },
  };
  return new Proxy(adapter, {
    get(target, property) {
      if (typeof property === "string" && property in wrapped) return wrapped[property as keyof SqlDriverAdapter];
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

// Acknowledgements first (issue #15). On the embedded database every query of the process goes through
// one connection, one at a time, and libsql does its work synchronously: a statement, once started, runs
// to its end on the event loop, and a transaction holds the connection until it commits. The adapter
// queued callers first come, first served, so an acknowledgement's inbox INSERT waited behind every
// query of the work already queued (a vote is dozens). This lock in front of the driver adapter keeps two
// lanes: what runs inside `urgently()` (the inbox write on the ack path) takes the connection as soon as
// the statement or transaction in progress ends; everything else takes it in order (each statement or
// transaction) after pending I/O has been read, and while acknowledgements are flowing it steps back to
// one statement per turn of the event loop, in the gaps between inbox writes.
import { AsyncLocalStorage } from "node:async_hooks";
import type { SqlDriverAdapter, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";
import { stepBackForAcks } from "./ack-signal.ts";

const lane = new AsyncLocalStorage<"urgent">();

/** Runs `work` with its database statements ahead of the queue (keep it to one short statement). */
export function urgently<T>(work: () => Promise<T>): Promise<T> {
  // Awaited inside the lane: a Prisma query is a lazy promise that starts only when first awaited, and it
  // runs in the async context of whoever awaits it — returned as it is, it ran outside the lane.
  return lane.run("urgent", async () => await work());
}

/** Whether the caller runs inside `urgently()`. */
export function inUrgentLane(): boolean {
  return lane.getStore() === "urgent";
}

/** Statements sent to the database by this process, in or out of transactions (profiling: queries per event). */
export const statementCount: { statements: number; transactions: number; trace?: string[] } = { statements: 0, transactions: 0 };

/** An inbox write within this window means acknowledgements are flowing: the work then steps back. */
const ACKS_FLOWING_MS = 20;
/** While they flow, an ordinary statement waits for a gap of this long between inbox writes… */
const QUIET_MS = 3;
/** …but never longer than this after the previous one, so transactions in progress stay short. */
const MAX_WAIT_MS = 25;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export class LaneLock {
  private readonly stepsBackForAcks: boolean;
  private held = false;
  private readonly urgent: Array<() => void> = [];
  private readonly normal: Array<() => void> = [];
  private turnScheduled = false;
  private lastUrgentAt = -Infinity;
  private lastTurnAt = -Infinity;
  /** counters for benchmarks: statements or transactions taken in each lane */
  readonly stats = { urgent: 0, normal: 0 };

  /** `stepsBackForAcks`: in the inbox worker, wait while the acknowledging thread writes to the same file. */
  constructor(options: { stepsBackForAcks?: boolean } = {}) {
    this.stepsBackForAcks = options.stepsBackForAcks ?? true;
  }

  get waiting(): number {
    return this.urgent.length + this.normal.length;
  }

  private acksFlowing(now = performance.now()): boolean {
    return now - this.lastUrgentAt < ACKS_FLOWING_MS;
  }

  async acquire(urgent: boolean): Promise<() => void> {
    // Pending I/O (new requests) is read before an ordinary statement takes the connection; in the inbox
    // worker, an inbox write of the acknowledging thread goes first (./ack-signal.ts).
    if (!urgent) {
      await yieldToEventLoop();
      if (this.stepsBackForAcks) await stepBackForAcks();
    }
    await new Promise<void>((resolve) => {
      if (urgent) {
        this.stats.urgent += 1;
        this.lastUrgentAt = performance.now();
        if (this.held) this.urgent.push(resolve);
        else {
          this.held = true;
          resolve();
        }
        return;
      }
      this.stats.normal += 1;
      if (!this.held && this.normal.length === 0 && !this.acksFlowing()) {
        this.held = true;
        resolve();
      } else {
        this.normal.push(resolve);
        if (!this.held) this.scheduleTurn();
      }
    });
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // Urgent waiters first; ordinary ones in order, straight away unless acknowledgements are flowing.
      const next = this.urgent.shift() ?? (this.acksFlowing() ? undefined : this.normal.shift());
      if (next) return next();
      this.held = false;
      if (this.normal.length > 0) this.scheduleTurn();
    };
  }

  /** While acknowledgements flow, ordinary statements get the connection one per turn of the event loop,
   *  in a gap between inbox writes (at most MAX_WAIT_MS after the previous one); the backlog is in the
   *  inbox and catches up when the burst is over. */
  private scheduleTurn(): void {
    if (this.turnScheduled) return;
    this.turnScheduled = true;
    setImmediate(() => this.turn());
  }

  private turn(): void {
    const now = performance.now();
    if (now - this.lastUrgentAt < QUIET_MS && now - this.lastTurnAt < MAX_WAIT_MS) {
      setTimeout(() => this.turn(), QUIET_MS);
      return;
    }
    this.turnScheduled = false;
    if (this.held || this.normal.length === 0) return; // the release schedules the next turn
    this.held = true;
    this.lastTurnAt = now;
    this.normal.shift()!();
  }
}

/** The driver adapter behind the two-lane lock. A transaction holds the lock until it commits or rolls back. */
export function withLanes(adapter: SqlDriverAdapter, lock = new LaneLock()): SqlDriverAdapter {
  const isUrgent = inUrgentLane;
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

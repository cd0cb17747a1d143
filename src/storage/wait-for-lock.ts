// Waiting for SQLite's write lock without stopping the process. libsql runs SQLite on the calling thread,
// so SQLite's own busy handler (`PRAGMA busy_timeout`) sleeps the whole event loop while another process —
// the secretariat's CLI beside the server — holds the lock: every request stalled for up to 5 s (issue
// #15). Instead the connection gives up at once (busy_timeout 0) and the statement is retried here after
// an asynchronous pause, so other requests are answered while one write waits.
import { inUrgentLane } from "./priority-lane.ts";

/** How long a write waits for another process's lock before it fails (a long import takes seconds). */
export const LOCK_WAIT_MS = 15_000;

/** SQLITE_BUSY from libsql, or as Prisma's adapter reports it (kind "SocketTimeout", the original code kept). */
export function isBusy(error: unknown): boolean {
  const e = error as
    { code?: unknown; rawCode?: unknown; message?: unknown; cause?: { kind?: unknown; originalCode?: unknown } } | undefined;
  if (!e) return false;
  if (e.cause?.kind === "SocketTimeout" || (Number(e.cause?.originalCode) & 0xff) === 5) return true;
  if (e.code === "SQLITE_BUSY" || (typeof e.rawCode === "number" && (e.rawCode & 0xff) === 5)) return true;
  return typeof e.message === "string" && /SQLITE_BUSY|database is locked/.test(e.message);
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `attempt` until it does not fail with SQLITE_BUSY, pausing (1, 2, 4 … 50 ms, jittered) in between. */
export async function retryWhileBusy<T>(attempt: () => Promise<T>, waitMs = LOCK_WAIT_MS): Promise<T> {
  const started = Date.now();
  for (let round = 0; ; round++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isBusy(error) || Date.now() - started >= waitMs) throw error;
      // An acknowledgement's inbox write (the inbox worker's transaction holds the lock, and steps back
      // for it before its next one: ./ack-signal.ts) tries again every millisecond or two.
      await pause((inUrgentLane() ? 1 : Math.min(50, 2 ** round)) * (0.5 + Math.random()));
    }
  }
}

interface Queryable {
  queryRaw(...args: never[]): Promise<unknown>;
  executeRaw(...args: never[]): Promise<unknown>;
  startTransaction?(...args: never[]): Promise<unknown>;
}

/**
 * Makes Prisma's libsql adapter wait for the lock asynchronously: a statement outside a transaction, or the
 * start of a write transaction (BEGIN IMMEDIATE, where the lock is taken), that meets SQLITE_BUSY is tried
 * again after a pause. Retried here, above the adapter's one-query-at-a-time mutex, so reads and other
 * work of this process go on between the tries (in WAL mode readers never wait for the lock). Inside a
 * write transaction the lock is already held.
 */
export function waitForLocksAsynchronously<A extends Queryable>(adapter: A): A {
  // A new object in front of the adapter rather than replaced methods: the adapter may itself be a proxy
  // in front of another (priority-lane.ts), whose methods must stay its own.
  const retried = new Set<PropertyKey>(["queryRaw", "executeRaw", "startTransaction"]);
  return new Proxy(adapter, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      const method = (value as (...args: unknown[]) => unknown).bind(target);
      return retried.has(property) ? (...args: unknown[]) => retryWhileBusy(() => method(...args) as Promise<unknown>) : method;
    },
  });
}

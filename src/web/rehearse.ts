// A rehearsal of a bulk import: the very use case the CLI runs, inside one transaction that is always rolled back,
// so the console can show what an upload would change (created, updated, unchanged) or every problem by line
// before anything is written. The imports open their own transactions; here those run inside the rehearsal's.
import type { Db } from "../storage/database.ts";

class RolledBack<T> extends Error {
  readonly result: T;
  constructor(result: T) {
    super("rehearsal rolled back");
    this.result = result;
  }
}

export async function rehearse<T>(db: Db, work: (db: Db) => Promise<T>): Promise<T> {
  try {
    await db.$transaction(
      async (tx) => {
        const inner: Db = new Proxy(tx, {
          get(target, property) {
            if (property === "$transaction")
              return (arg: unknown) =>
                typeof arg === "function" ? (arg as (t: Db) => Promise<unknown>)(inner) : Promise.all(arg as Array<Promise<unknown>>);
            return (target as unknown as Record<string | symbol, unknown>)[property];
          },
        }) as unknown as Db;
        throw new RolledBack(await work(inner));
      },
      { timeout: 120_000 },
    );
  } catch (error) {
    if (error instanceof RolledBack) return error.result as T;
    throw error;
  }
  throw new Error("unreachable: a rehearsal always rolls back");
}

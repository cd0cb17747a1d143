// Acknowledgements first, across threads (issue #15). With the inbox's work in a worker thread
// (src/engine/inbox-thread.ts) the two threads have a connection each to the inbox's SQLite file (its own
// file beside the database: ./inbox-schema.ts), and SQLite lets one of them write at a time: the
// acknowledging thread's inbox INSERT waits while a statement of the worker (claim, done) holds the lock.
// Only the worker's client of the inbox file steps back (./database.ts); its work on the main file does not. This counter, in memory both threads share, says how many inbox writes
// are waiting or under way; the worker looks at it before each statement or transaction it starts
// (src/storage/priority-lane.ts) and steps back until it is zero (bounded), so an acknowledgement waits
// at most for the one transaction in progress, never for the queue of work behind it.
const IN_FLIGHT = 0;
/** The worker never waits longer than this for a gap between inbox writes (the work must progress). */
const MAX_STEP_BACK_MS = 100;

// Node has Atomics.waitAsync (ES2024); the project's TypeScript lib is older.
type WaitAsync = (array: Int32Array, index: number, value: number, timeoutMs: number) => { async: boolean; value: unknown };
const waitAsync: WaitAsync = (array, index, value, timeoutMs) =>
  (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync(array, index, value, timeoutMs);

let counter: Int32Array | undefined;
let role: "acknowledging" | "working" | undefined;

/** The acknowledging thread: creates the shared counter (handed to the worker in its workerData). */
export function createAckSignal(): SharedArrayBuffer {
  const buffer = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
  counter = new Int32Array(buffer);
  role = "acknowledging";
  return buffer;
}

/** The worker: steps back for the acknowledging thread's inbox writes from now on. */
export function adoptAckSignal(buffer: SharedArrayBuffer): void {
  counter = new Int32Array(buffer);
  role = "working";
}

/** Around an inbox write on the acknowledging thread (a no-op when nothing was shared). */
export async function signalAckWrite<T>(write: () => Promise<T>): Promise<T> {
  if (role !== "acknowledging" || !counter) return write();
  Atomics.add(counter, IN_FLIGHT, 1);
  try {
    return await write();
  } finally {
    Atomics.sub(counter, IN_FLIGHT, 1);
    Atomics.notify(counter, IN_FLIGHT);
  }
}

/** In the worker, before a statement or transaction: waits (without blocking its event loop) while inbox
 *  writes are in flight, at most MAX_STEP_BACK_MS. Resolves at once elsewhere. */
export async function stepBackForAcks(): Promise<void> {
  if (role !== "working" || !counter) return;
  const until = performance.now() + MAX_STEP_BACK_MS;
  for (;;) {
    const inFlight = Atomics.load(counter, IN_FLIGHT);
    const left = until - performance.now();
    if (inFlight === 0 || left <= 0) return;
    const wait = waitAsync(counter, IN_FLIGHT, inFlight, left);
    if (wait.async) await wait.value;
  }
}

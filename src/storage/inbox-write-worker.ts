// The inbox file's writer thread (./inbox-write-thread.ts): runs the acknowledgements' INSERTs, so their
// commit (an fsync) happens while the acknowledging thread goes on reading requests.
import { parentPort, workerData } from "node:worker_threads";
import { rawSqliteInsert, type InboxRowInput } from "./inbox-insert.ts";
import type { ToWriter, FromWriter } from "./inbox-write-thread.ts";

if (!parentPort) throw new Error("src/storage/inbox-write-worker.ts runs as a worker thread (./inbox-write-thread.ts)");
const port = parentPort;
const insert = rawSqliteInsert((workerData as { url: string }).url);

/** the inserts under way, so that closing waits for them */
let inFlight: Promise<unknown> = Promise.resolve();

port.on("message", (message: ToWriter) => {
  if (message.type === "close") {
    void inFlight.finally(() => {
      insert.close();
      port.close();
    });
    return;
  }
  const batch: Array<{ id: string; row: InboxRowInput }> = message.batch;
  inFlight = insert.rows(batch).then(
    (ids) => port.postMessage({ type: "done", callId: message.callId, ids: [...ids] } satisfies FromWriter),
    (error: unknown) =>
      port.postMessage({
        type: "failed",
        callId: message.callId,
        message: String((error as Error)?.message ?? error),
      } satisfies FromWriter),
  );
});
port.postMessage({ type: "ready" } satisfies FromWriter);

// The acknowledgements' INSERT in a thread of its own (issue #15). libsql runs SQLite on the calling
// thread, the commit's fsync included: on the acknowledging thread every group commit stopped request
// handling for its duration (a quarter of that thread's time in a 10-connection burst, profiled). Here the
// acknowledging thread keeps the group commit (src/engine/inbox-writer.ts: one batch in flight, the next
// gathering) and hands each batch to this thread, which writes it to the inbox file and answers with the ids
// inserted — so the next requests are read and verified while the previous batch is being synced.
// A thread that dies fails the batches it held (their platforms get a 500 and deliver again) and is
// started again for the next batch.
// Not the default (KYODO_INBOX_WRITE_THREAD=on): in bench-ack --ab and bench-vote-burst on the two busy
// cores of the development machine it was no faster — the hop to another thread and back costs about what
// the fsync did — and it added ~35 MB to the peak RSS of the 2,000-vote burst (scripts/bench-results/).
import { Worker } from "node:worker_threads";
import type { InboxInsert, InboxRowInput } from "./inbox-insert.ts";

export type ToWriter = { type: "insert"; callId: number; batch: Array<{ id: string; row: InboxRowInput }> } | { type: "close" };
export type FromWriter =
  { type: "ready" } | { type: "done"; callId: number; ids: string[] } | { type: "failed"; callId: number; message: string };

/** Small: the thread holds one connection and the batch in flight. */
const WRITER_HEAP = { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 8 };

function workerUrl(): URL {
  const extension = import.meta.url.endsWith(".ts") ? ".ts" : ".js";
  return new URL(`./inbox-write-worker${extension}`, import.meta.url);
}

export class InboxWriteThread implements InboxInsert {
  private readonly url: string;
  private worker: Worker | undefined;
  private ready: Promise<void> | undefined;
  private nextCallId = 1;
  private readonly pending = new Map<number, { resolve(ids: Set<string>): void; reject(error: Error): void }>();

  /** `url`: the inbox file (src/storage/inbox-schema.ts). */
  constructor(url: string) {
    this.url = url;
  }

  /** Starts the thread; resolves once it is ready (rows() also starts it when needed). */
  start(): Promise<void> {
    if (this.ready) return this.ready;
    const worker = new Worker(workerUrl(), { workerData: { url: this.url }, resourceLimits: WRITER_HEAP });
    this.worker = worker;
    this.ready = new Promise<void>((resolve, reject) => {
      worker.on("message", (message: FromWriter) => {
        if (message.type === "ready") return resolve();
        const waiting = this.pending.get(message.callId);
        if (!waiting) return;
        this.pending.delete(message.callId);
        if (message.type === "done") waiting.resolve(new Set(message.ids));
        else waiting.reject(new Error(message.message));
      });
      worker.once("exit", (code) => {
        if (this.worker === worker) {
          this.worker = undefined;
          this.ready = undefined;
        }
        const error = new Error(`the inbox writer thread exited (code ${code})`);
        reject(error);
        for (const waiting of this.pending.values()) waiting.reject(error);
        this.pending.clear();
      });
    });
    // Nothing waits for a thread that failed to start until the next batch asks for it.
    this.ready.catch(() => undefined);
    return this.ready;
  }

  async rows(batch: Array<{ id: string; row: InboxRowInput }>): Promise<Set<string>> {
    await this.start();
    const worker = this.worker;
    if (!worker) throw new Error("the inbox writer thread is not running");
    const callId = this.nextCallId++;
    return new Promise<Set<string>>((resolve, reject) => {
      this.pending.set(callId, { resolve, reject });
      // Only the rows cross: the caller's entries may carry more (its promises' callbacks cannot be cloned).
      worker.postMessage({ type: "insert", callId, batch: batch.map(({ id, row }) => ({ id, row })) } satisfies ToWriter);
    });
  }

  /** Ends the thread after what it was asked (messages are handled in order). */
  close(): void {
    this.worker?.postMessage({ type: "close" } satisfies ToWriter);
    this.worker = undefined;
    this.ready = undefined;
  }
}

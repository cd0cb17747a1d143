// The inbox's work in a thread of its own (issue #15). An event's work costs 50–150 ms of CPU (Prisma,
// its WebAssembly query compiler, libsql — which runs SQLite synchronously on the calling thread); on the
// thread that acknowledges, every acknowledgement queued behind it. Here the acknowledging thread keeps
// the HTTP server, the signature checks and the inbox INSERT, and hands each accepted row's id to a
// worker thread that runs the inbox consumer (claim, engine, done) on its own database connection to the
// same file (SQLite WAL: readers never wait; one writer at a time, and a write that meets the lock waits
// asynchronously, src/storage/wait-for-lock.ts). What needs the adapters (replies, direct conversations)
// is asked of the acknowledging thread by message. Crash safety stays with the table: a row is done
// only after its work, so ids lost with a crashed worker are found again by the next worker's sweep.
import { Worker, type MessagePort } from "node:worker_threads";
import type { Logger } from "pino";

/** acknowledging thread → worker */
export type ToWorker =
  | { type: "take"; id: string; orderKey: string }
  | { type: "stop" }
  | { type: "answer"; callId: number; ok: true; value: unknown }
  | { type: "answer"; callId: number; ok: false; error: RemoteError };

/** worker → acknowledging thread */
export type FromWorker =
  | { type: "ready" }
  | { type: "stopped" }
  | { type: "call"; callId: number; method: string; args: unknown[] }
  | { type: "notify"; what: string; value?: unknown };

export interface RemoteError {
  message: string;
  name?: string;
  /** DirectConversationError's reason, kept across the thread boundary */
  reason?: string;
}

export interface InboxThreadOptions {
  /** the worker's module (compiled .js under dist/, .ts under tsx or Node's type stripping) */
  url: URL;
  /** what the worker needs to build its side (configuration, settings); structured-cloneable */
  workerData: unknown;
  logger: Logger;
  /** what the worker asks of this thread (replies through adapters, direct conversations) */
  serve: Record<string, (...args: never[]) => Promise<unknown>>;
  /** what the worker tells this thread without waiting (outbox kicks, deliveries queued) */
  notify?(what: string, value: unknown): void;
  /** crashes within `crashWindowMs` tolerated before the process gives up (exit 1, loudly) */
  maxCrashes?: number;
  crashWindowMs?: number;
  /** what happens when the worker keeps crashing (default: log fatal and exit the process) */
  giveUp?(error: Error): void;
}

/** V8 grows a heap lazily, far past what it needs, before it collects: in the 2,000-vote burst the process
 *  peaked at 599 MB with default heaps, 320 MB with these limits, and the work went as fast (issue #15,
 *  scripts/bench-results/vote-burst.json). A worker past its limit ends and is started again; its rows wait. */
const WORKER_HEAP = { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 24 };
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;
const RESTART_DELAY_MS = 500;

/** Picks the worker module next to `importMetaUrl`: `.js` when running compiled, `.ts` from source. */
export function siblingModule(importMetaUrl: string, baseName: string): URL {
  const extension = importMetaUrl.endsWith(".ts") ? ".ts" : ".js";
  return new URL(`./${baseName}${extension}`, importMetaUrl);
}

function toRemoteError(error: unknown): RemoteError {
  const e = error as { message?: unknown; name?: unknown; reason?: unknown };
  return {
    message: String(e?.message ?? error),
    name: typeof e?.name === "string" ? e.name : undefined,
    reason: typeof e?.reason === "string" ? e.reason : undefined,
  };
}

export class InboxThread {
  private readonly options: InboxThreadOptions;
  private worker: Worker | undefined;
  private stopping = false;
  private crashes: number[] = [];
  /** how many times the worker was started again after a crash (tests, logs) */
  restarts = 0;
  private readyWaiters: Array<() => void> = [];

  constructor(options: InboxThreadOptions) {
    this.options = options;
  }

  /** Starts the worker and resolves once it is ready to take rows (it sweeps what was left on its own). */
  async start(): Promise<void> {
    this.stopping = false;
    await this.spawn();
  }

  /** Hands an accepted row to the worker; if the worker is gone the row waits in the table for the next sweep. */
  handOver(id: string, orderKey: string): void {
    this.worker?.postMessage({ type: "take", id, orderKey } satisfies ToWorker);
  }

  /** Lets the worker finish what it runs (unfinished rows stay for the next start), then ends it. */
  async stop(): Promise<void> {
    this.stopping = true;
    const worker = this.worker;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
    worker.postMessage({ type: "stop" } satisfies ToWorker);
    const timer = setTimeout(() => void worker.terminate(), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
    this.worker = undefined;
  }

  /** Ends the worker abruptly, as a fatal error in it would (tests of the restart use it). */
  async crash(): Promise<void> {
    await this.worker?.terminate();
  }

  /** Resolves when a worker (the next one, after a crash) says it is ready. */
  ready(): Promise<void> {
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** Starts a worker; resolves when it is ready, rejects if it exits or stays silent first. */
  private spawn(): Promise<void> {
    const { logger } = this.options;
    const worker = new Worker(this.options.url, { workerData: this.options.workerData, resourceLimits: WORKER_HEAP });
    this.worker = worker;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("the inbox worker did not start in time")), READY_TIMEOUT_MS);
      timer.unref();
      worker.on("message", (message: FromWorker) => {
        if (message.type === "ready") {
          clearTimeout(timer);
          resolve();
          const waiters = this.readyWaiters;
          this.readyWaiters = [];
          for (const waiter of waiters) waiter();
        } else this.onMessage(worker, message);
      });
      worker.on("error", (error) => logger.error({ err: error }, "inbox worker failed"));
      worker.once("exit", (code) => {
        clearTimeout(timer);
        if (this.worker === worker) this.worker = undefined;
        if (this.stopping) return;
        const error = new Error(`the inbox worker exited (code ${code})`);
        reject(error);
        this.crashed(error);
      });
    });
  }

  /** A crashed worker is started again (its rows are still in the table); one that keeps crashing stops the process. */
  private crashed(error: Error): void {
    const { logger } = this.options;
    const now = Date.now();
    const windowMs = this.options.crashWindowMs ?? 60_000;
    this.crashes = [...this.crashes.filter((at) => now - at < windowMs), now];
    if (this.crashes.length > (this.options.maxCrashes ?? 3)) {
      logger.fatal({ err: error, crashes: this.crashes.length }, "the inbox worker keeps crashing: stopping the process");
      if (this.options.giveUp) this.options.giveUp(error);
      else process.exit(1);
      return;
    }
    logger.error({ err: error }, "the inbox worker stopped unexpectedly: starting it again");
    setTimeout(() => {
      if (this.stopping) return;
      this.restarts += 1;
      this.spawn().catch((e: unknown) => logger.error({ err: e }, "the inbox worker could not be started again"));
    }, RESTART_DELAY_MS).unref();
  }

  private onMessage(worker: Worker, message: FromWorker): void {
    switch (message.type) {
      case "ready":
        return; // taken by spawn()
      case "notify":
        this.options.notify?.(message.what, message.value);
        return;
      case "call": {
        const handler = this.options.serve[message.method] as ((...args: unknown[]) => Promise<unknown>) | undefined;
        const answer = (reply: ToWorker) => {
          // The worker may have exited meanwhile; its replacement never asked.
          if (this.worker === worker) worker.postMessage(reply);
        };
        if (!handler) {
          answer({ type: "answer", callId: message.callId, ok: false, error: { message: `no such call: ${message.method}` } });
          return;
        }
        handler(...message.args).then(
          (value) => answer({ type: "answer", callId: message.callId, ok: true, value }),
          (error: unknown) => answer({ type: "answer", callId: message.callId, ok: false, error: toRemoteError(error) }),
        );
        return;
      }
      case "stopped":
        return;
    }
  }
}

/** The worker's side of the channel: calls to the acknowledging thread, and notices. */
export class AcknowledgingThread {
  private readonly port: MessagePort;
  private nextCallId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: unknown): void }>();
  private readonly rebuildError: (error: RemoteError) => Error;

  constructor(
    port: MessagePort,
    rebuildError: (error: RemoteError) => Error = (e) => Object.assign(new Error(e.message), { name: e.name }),
  ) {
    this.port = port;
    this.rebuildError = rebuildError;
  }

  call<T>(method: string, ...args: unknown[]): Promise<T> {
    const callId = this.nextCallId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(callId, { resolve, reject });
      this.port.postMessage({ type: "call", callId, method, args } satisfies FromWorker);
    });
  }

  notify(what: string, value?: unknown): void {
    this.port.postMessage({ type: "notify", what, value } satisfies FromWorker);
  }

  send(message: FromWorker): void {
    this.port.postMessage(message);
  }

  /** Settles a call with the acknowledging thread's answer. */
  answered(message: Extract<ToWorker, { type: "answer" }>): void {
    const waiting = this.pending.get(message.callId);
    if (!waiting) return;
    this.pending.delete(message.callId);
    if (message.ok) waiting.resolve(message.value);
    else waiting.reject(this.rebuildError(message.error));
  }
}

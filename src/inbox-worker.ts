// The inbox worker (issue #15): the thread that runs accepted events' work, started by src/app.ts through
// src/engine/inbox-thread.ts. It has its own database connection, engine and inbox consumer (claim, work,
// done, retries, parking, the sweep); the acknowledging thread hands it the ids it accepted, and it asks
// that thread for what only the adapters can do (answer through a response URL, open or post into a
// direct conversation). It tells that thread when deliveries were queued, so the outbox sends at once.
import { readlinkSync } from "node:fs";
import { getPriority, setPriority } from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import { loadAuditKeys } from "./config/audit-key-source.ts";
import type { Config } from "./config/config.ts";
import { createLogger } from "./config/logger.ts";
import { buildEngine } from "./build-engine.ts";
import { onDeliveriesQueued } from "./domain/delivery/queue-messages.ts";
import { DirectConversationError, type ChannelAdapter, type ReplyContext } from "./engine/adapter.ts";
import { Inbox } from "./engine/inbox.ts";
import { AcknowledgingThread, type ToWorker } from "./engine/inbox-thread.ts";
import type { ConversationRef, InboundEvent, OutboundMessage } from "./engine/messages.ts";
import { buildTrackers, registerDomainSubscribers } from "./features.ts";
import { openDatabase } from "./storage/database.ts";
import { adoptAckSignal } from "./storage/ack-signal.ts";

export interface InboxWorkerData {
  config: Config;
  logFile?: string;
  consoleUrl: string;
  /** the platforms with adapters on the acknowledging thread, and whether each opens direct conversations */
  platforms: Array<{ platform: string; opensDirect: boolean }>;
  concurrency?: number;
  queueCapacity?: number;
  holdWorkMs?: number;
  /** how many inbox writes the acknowledging thread has in flight (src/storage/ack-signal.ts) */
  ackSignal?: SharedArrayBuffer;
}

/** The CPU goes to acknowledgements first: on a busy machine the kernel runs this thread after the one that
 *  answers the platforms (Linux: setpriority on this thread's own id, from /proc/thread-self). Elsewhere,
 *  or where it is refused, both run at the same priority. */
function lowerThisThreadsPriority(): void {
  try {
    const tid = Number(readlinkSync("/proc/thread-self").split("/").pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, Math.max(getPriority(tid), WORK_NICENESS));
  } catch {
    // not Linux, or not allowed: same priority as the acknowledging thread
  }
}

if (!parentPort) throw new Error("src/inbox-worker.ts runs as a worker thread (started by src/engine/inbox-thread.ts)");
const port = parentPort;
/** nice 10: a tenth or so of the CPU share of the acknowledging thread (nice 0) when both want it */
const WORK_NICENESS = 10;
const data = workerData as InboxWorkerData;
const { config } = data;
const logger = createLogger(config.LOG_LEVEL, data.logFile).child({ thread: "inbox" });
if (data.ackSignal) adoptAckSignal(data.ackSignal);
lowerThisThreadsPriority();
registerDomainSubscribers();
loadAuditKeys(config, logger);
const db = openDatabase(config.DATABASE_URL);
const main = new AcknowledgingThread(port, (e) =>
  e.reason !== undefined ? new DirectConversationError(e.reason) : Object.assign(new Error(e.message), { name: e.name }),
);

// Stand-ins for the adapters, which live on the acknowledging thread (with their HTTP receivers and clients).
const adapters: ChannelAdapter[] = data.platforms.map(({ platform, opensDirect }) => ({
  platform,
  start: () => Promise.resolve(),
  stop: () => Promise.resolve(),
  post: (ref: ConversationRef, message: OutboundMessage) => main.call<void>("post", ref, message),
  ...(opensDirect
    ? { openDirectConversation: (workspace: string, user: string) => main.call<ConversationRef>("openDirect", platform, workspace, user) }
    : {}),
}));

const engine = buildEngine(db, logger, config, { trackers: buildTrackers(), consoleUrl: () => data.consoleUrl, adapters: () => adapters });
onDeliveriesQueued((at) => main.notify("queued", at.getTime()));

const inbox = new Inbox({
  db,
  logger,
  work: async (event: InboundEvent) => {
    try {
      return await engine.work(event);
    } finally {
      main.notify("kick");
    }
  },
  failureReply: (event) => engine.failureReply(event),
  reply: (event: InboundEvent, replies: OutboundMessage[], context: ReplyContext | undefined, late: boolean) =>
    main.call<void>("reply", event, replies, context, late),
  parked: (event: InboundEvent, context: ReplyContext | undefined, late: boolean) => main.call<void>("parked", event, context, late),
  concurrency: data.concurrency,
  queueCapacity: data.queueCapacity,
  holdWorkMs: data.holdWorkMs,
});

port.on("message", (message: ToWorker) => {
  switch (message.type) {
    case "take":
      inbox.take(message.id, message.orderKey);
      return;
    case "answer":
      main.answered(message);
      return;
    case "stop":
      void inbox
        .stop()
        .then(() => db.$disconnect())
        .catch((error: unknown) => logger.error({ err: error }, "inbox worker: stopping failed"))
        .finally(() => {
          main.send({ type: "stopped" });
          port.close();
        });
      return;
  }
});

inbox.start();
main.send({ type: "ready" });

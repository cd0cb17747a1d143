// Composition root: configuration → database (migrated) → council → engine → HTTP server. main.ts and
// the tests both start Kyodo through here, so what the tests run is what users run.
import type { Logger } from "pino";
import { consoleUrl, type Config } from "./config/config.ts";
import { loadAuditKeys } from "./config/audit-key-source.ts";
import { configuredChannels, type ChannelExtras, type ChannelSetup } from "./channels.ts";
import { buildEngine } from "./build-engine.ts";
import { findCouncil } from "./domain/council/ensure-council.ts";
import { loadDemoCouncil } from "./demo/load-demo-council.ts";
import { DEMO_COUNCIL } from "./demo/demo-council.ts";
import type { Engine } from "./engine/engine.ts";
import { canOpenDirect } from "./engine/adapter.ts";
import { bilingual } from "./engine/i18n.ts";
import { Inbox } from "./engine/inbox.ts";
import { InboxThread, siblingModule } from "./engine/inbox-thread.ts";
import type { InboxWorkerData } from "./inbox-worker.ts";
import { textMessage } from "./engine/messages.ts";
import { replyToInboxEvent } from "./inbox-replies.ts";
import { createHttpApp, finishRoutes, listen, type HttpServer } from "./http/server.ts";
import { mountConsole } from "./web/console.ts";
import type { Lifecycle } from "./http/readiness.ts";
import { UserError } from "./lib/user-error.ts";
import { inboxFileOf, openDatabase, type Db } from "./storage/database.ts";
import { InboxWriteThread } from "./storage/inbox-write-thread.ts";
import { createAckSignal } from "./storage/ack-signal.ts";
import { migrateDatabase } from "./storage/migrate.ts";
import { Outbox } from "./delivery/outbox.ts";
import { platformLimits, RateLimiter } from "./delivery/rate-limiter.ts";
import { SharedRateLimiter } from "./delivery/shared-rate-limiter.ts";
import { providerOf } from "./storage/provider.ts";
import { exclusively } from "./storage/transaction-locks.ts";
import { onDeliveriesQueued, queueUndeliveredReplies } from "./domain/delivery/queue-messages.ts";
import type { ConversationRef, InboundEvent, OutboundMessage } from "./engine/messages.ts";
import type { ReplyContext } from "./engine/adapter.ts";
import { Scheduler } from "./jobs/scheduler.ts";
import { buildJobDefinitions, buildTrackers, registerDeliveryGuards, registerDomainSubscribers } from "./features.ts";
import { scheduleAuditCheckpoints } from "./jobs/handlers/audit-checkpoint-jobs.ts";
import { scheduleInboxPruning } from "./jobs/handlers/inbox-jobs.ts";
import type { TrackerRegistry } from "./domain/reminders/response-tracker.ts";

export interface Kyodo {
  db: Db;
  engine: Engine;
  /** deadline-bearing features register here so reminders and automatic closing reach them */
  trackers: TrackerRegistry;
  scheduler: Scheduler;
  outbox: Outbox;
  /** where chat events are stored before they are acknowledged, and worked on from */
  inbox: Inbox;
  /** the worker thread that runs the inbox's work, when started with `inboxThread` */
  inboxThread: InboxThread | undefined;
  council: { id: string; slug: string; name: string; nameEn: string };
  http: HttpServer | undefined;
  channels: ChannelSetup[];
  /** what /readyz reports: "started" once channels run, "stopping" from the first moment of close() */
  lifecycle: Lifecycle;
  close(): Promise<void>;
}

export interface StartOptions {
  /** start the HTTP server (tests of the engine alone skip it) */
  http?: boolean;
  /** tick the scheduler with node-cron (tests drive it with scheduler.tick(now) instead) */
  scheduler?: boolean;
  clock?: () => Date;
  /** DNS answers for DKIM/SPF/DMARC checks of received mail (tests; production uses MAIL_DNS_SERVERS or the system's) */
  mailResolver?: ChannelExtras["mailResolver"];
  /** run the inbox's sweep (tests that drive it with inbox.sweep() turn it off) */
  inbox?: boolean;
  /** crash tests: wait this long between accepting an event and working on it */
  inboxHoldWorkMs?: number;
  /** send deliveries as soon as they are queued or due (default: when the scheduler runs) */
  outboxWatch?: boolean;
  /** run the inbox's work in a worker thread, so acknowledgements never wait for it (servers: src/main.ts);
   *  tests that drive `engine` or `inbox.sweep()` directly keep everything on one thread (the default) */
  inboxThread?:
    boolean | { logFile?: string; /** the inbox file's commits in a thread of their own (not the default) */ writeThread?: boolean };
}

/** How long the worker's "kick"s are gathered before the outbox looks once for all of them. */
const KICK_COALESCE_MS = 50;

/** Opens the database and applies pending migrations. */
export async function openMigratedDatabase(config: Config, logger: Logger): Promise<Db> {
  registerDomainSubscribers();
  const auditKeys = loadAuditKeys(config, logger);
  const applied = await migrateDatabase(config.DATABASE_URL);
  if (applied.length > 0) logger.info({ applied }, "migrations applied");
  const db = openDatabase(config.DATABASE_URL);
  // A key created now for a database an older Kyodo already wrote to: its entries so far stay unkeyed.
  if (auditKeys.recordLegacyEntries) auditKeys.recordLegacyEntries(await db.auditEntry.count());
  return db;
}

export async function startKyodo(config: Config, logger: Logger, options: StartOptions = {}): Promise<Kyodo> {
  const db = await openMigratedDatabase(config, logger);
  try {
    const wantDemo =
      config.KYODO_LOAD_DEMO === "always" || (config.KYODO_LOAD_DEMO === "auto" && config.KYODO_COUNCIL === DEMO_COUNCIL.slug);
    // Instances started together: one loads the demo, the others then find it loaded.
    if (wantDemo && (await exclusively(db, "load-demo", () => loadDemoCouncil(db))))
      logger.info({ council: DEMO_COUNCIL.slug }, "demo council loaded");
    const council = await findCouncil(db, config.KYODO_COUNCIL);
    if (!council) throw new UserError("startup.noCouncil", { slug: config.KYODO_COUNCIL });
    await scheduleAuditCheckpoints(db, config.AUDIT_CHECKPOINT_CRON, council.timezone, (options.clock ?? (() => new Date()))());

    const trackers = buildTrackers();
    let channels: ChannelSetup[] = [];
    // The sign-in links' address; with PORT=0 the port is known once the server listens.
    let publicConsoleUrl = consoleUrl(config);
    const engine: Engine = buildEngine(db, logger, config, {
      trackers,
      consoleUrl: () => publicConsoleUrl,
      adapters: () => channels.map((c) => c.adapter),
      clock: options.clock,
    });

    channels =
      options.http === false ? [] : configuredChannels(config, logger, db, { clock: options.clock, mailResolver: options.mailResolver });
    let http: HttpServer | undefined;
    const lifecycle: Lifecycle = { channels: "starting" };
    if (options.http !== false) {
      const app = createHttpApp(db, logger, lifecycle);
      for (const channel of channels) channel.mount?.(app);
      mountConsole(app, { db, logger, trackers, clock: options.clock, defaultLocale: config.KYODO_DEFAULT_LOCALE });
      finishRoutes(app);
      http = await listen(app, config.PORT, config.HOST);
      if (!config.KYODO_PUBLIC_URL) publicConsoleUrl = consoleUrl({ ...config, PORT: http.port });
      logger.info({ port: http.port, host: config.HOST }, "http server listening");
    }
    const adapterFor = (platform: string) => {
      const adapter = channels.find((c) => c.adapter.platform === platform)?.adapter;
      if (!adapter) throw new Error(`no ${platform} channel`);
      return adapter;
    };
    // Answers a channel could not deliver at once go to the outbox instead of being lost.
    const undelivered = async (ref: ConversationRef, messages: OutboundMessage[], eventId: string) => {
      await queueUndeliveredReplies(db, { ref, messages, eventId, now: options.clock?.() ?? new Date() });
    };
    const limits = platformLimits({ emailPerMinute: config.SMTP_MAX_PER_MINUTE });
    const outbox = new Outbox(
      db,
      logger,
      channels.map((c) => c.adapter),
      // On PostgreSQL, several instances send side by side: their platform limits are kept in the database.
      // One SQLite file is served by one process, whose own limiter spaces its sends without a write per send.
      {
        clock: options.clock,
        limiter: providerOf(db) === "postgresql" ? new SharedRateLimiter(db, limits) : new RateLimiter(limits),
      },
    );
    registerDeliveryGuards(outbox, db, trackers);
    // What is queued goes out as soon as it is due, not at the scheduler's next 15-second tick.
    const stopAnnouncing =
      (options.outboxWatch ?? options.scheduler !== false)
        ? (outbox.watch(), onDeliveriesQueued((at) => outbox.soon(at)))
        : () => undefined;
    const reply = (event: InboundEvent, replies: OutboundMessage[], context: ReplyContext | undefined, late: boolean) =>
      replyToInboxEvent(db, outbox, channels, { event, replies, context, late });
    // Pushed, not answered through the adapter: an answer would also mark the pressed button as chosen.
    const parked = (event: InboundEvent, context: ReplyContext | undefined, late: boolean) =>
      replyToInboxEvent(db, outbox, channels, { event, replies: [textMessage(bilingual("inbox.parked"))], context, late, push: true });
    // The worker says "kick" after every event: in a burst of hundreds a second, a look into the outbox each
    // time cost the acknowledging thread a query per event (issue #15). One look per KICK_COALESCE_MS serves
    // them all; what an event queued is announced ("queued") and sent at once anyway.
    let kickTimer: NodeJS.Timeout | undefined;
    const kickSoon = () => {
      kickTimer ??= setTimeout(() => {
        kickTimer = undefined;
        outbox.kick();
      }, KICK_COALESCE_MS);
      kickTimer.unref();
    };
    const inboxThread = options.inboxThread
      ? new InboxThread({
          url: siblingModule(import.meta.url, "inbox-worker"),
          workerData: {
            config,
            logFile: typeof options.inboxThread === "object" ? options.inboxThread.logFile : config.LOG_FILE,
            consoleUrl: publicConsoleUrl,
            platforms: channels.map((c) => ({ platform: c.adapter.platform, opensDirect: canOpenDirect(c.adapter) })),
            holdWorkMs: options.inboxHoldWorkMs,
            ackSignal: createAckSignal(),
          } satisfies InboxWorkerData,
          logger,
          serve: {
            reply,
            parked,
            post: (ref: ConversationRef, message: OutboundMessage) => adapterFor(ref.platform).post(ref, message),
            openDirect: (platform: string, workspace: string, user: string) => {
              const adapter = adapterFor(platform);
              if (!canOpenDirect(adapter)) throw new Error(`${platform} cannot open direct conversations`);
              return adapter.openDirectConversation(workspace, user);
            },
          },
          notify: (what, value) => {
            if (what === "queued") outbox.soon(new Date(value as number));
            else if (what === "kick" && options.scheduler !== false) kickSoon();
          },
        })
      : undefined;
    // On request, with the work in its own thread, the inbox file's commits leave the acknowledging thread too
    // (SQLite; src/storage/inbox-write-thread.ts says why it is not the default).
    const writeThreadWanted = typeof options.inboxThread === "object" && options.inboxThread.writeThread === true;
    const inboxFile = writeThreadWanted ? inboxFileOf(db) : undefined;
    const writeThread = inboxFile ? new InboxWriteThread(inboxFile) : undefined;
    await writeThread?.start();
    const inbox = new Inbox({
      db,
      logger,
      insert: writeThread,
      handOver: inboxThread ? (id, orderKey) => inboxThread.handOver(id, orderKey) : undefined,
      work: async (event: InboundEvent) => {
        try {
          return await engine.work(event);
        } finally {
          // What a command queued (a receipt by email, a notice to others) is sent at once, not at the next
          // tick. Tests without the scheduler drive the outbox themselves.
          if (options.scheduler !== false) outbox.kick();
        }
      },
      failureReply: (event) => engine.failureReply(event),
      reply,
      parked,
      clock: options.clock,
      holdWorkMs: options.inboxHoldWorkMs,
    });
    // Channels that answer in the HTTP response run events at once, under a claim in the inbox that
    // expires if the process dies; the others accept events into the inbox before acknowledging them.
    for (const channel of channels) await channel.adapter.start((event) => inbox.handleNow(event), { inbox, undelivered });
    // What a previous process accepted and did not finish runs now (and the sweep keeps looking).
    if (options.inbox !== false) {
      inbox.start();
      await inboxThread?.start();
    }
    lifecycle.channels = "started";
    for (const channel of channels) {
      void channel
        .resume?.()
        .catch((error: unknown) =>
          logger.error({ err: error, channel: channel.adapter.platform }, "unfinished inbound work could not be resumed"),
        );
    }
    const scheduler = new Scheduler({ db, logger, definitions: buildJobDefinitions(trackers), outbox, clock: options.clock });
    if (options.scheduler !== false) {
      // Tests drive the scheduler and its schedules themselves; a running Kyodo prunes its inbox daily.
      await scheduleInboxPruning(db, council.timezone, options.clock?.() ?? new Date());
      scheduler.start();
    }
    return {
      db,
      engine,
      council,
      http,
      channels,
      trackers,
      scheduler,
      outbox,
      inbox,
      inboxThread,
      lifecycle,
      async close() {
        // Not ready from now on: the load balancer stops sending here while we finish what we hold.
        lifecycle.channels = "stopping";
        stopAnnouncing();
        outbox.unwatch();
        clearTimeout(kickTimer);
        await scheduler.stop();
        await outbox.idle();
        for (const channel of channels) await channel.adapter.stop();
        await inbox.stop();
        await inboxThread?.stop();
        await http?.close();
        await db.$disconnect();
      },
    };
  } catch (error) {
    await db.$disconnect();
    throw error;
  }
}

/** SIGTERM / SIGINT: stop taking work (readyz 503, no new claims), finish or release what this process holds
 *  (running events finish, queued ones stay in the inbox for another instance, leases are released), then exit.
 *  Whatever is still running after `graceMs` is abandoned: its leases expire and another instance takes it. */
export function stopOnSignals(kyodo: Kyodo, logger: Logger, graceMs = 9_000): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping: finishing work in hand, taking no more");
    const force = setTimeout(() => {
      logger.warn({ graceMs }, "work did not finish in time; exiting (its leases will expire)");
      process.exit(1);
    }, graceMs);
    force.unref();
    kyodo.close().then(
      () => {
        logger.info("stopped");
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, "stopping failed");
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

// Composition root: configuration → database (migrated) → council → engine → HTTP server. main.ts and
// the tests both start Kyodo through here, so what the tests run is what users run.
import type { Logger } from "pino";
import type { Config } from "./config/config.ts";
import { loadAuditKeys } from "./config/audit-key-source.ts";
import { configuredChannels, type ChannelExtras, type ChannelSetup } from "./channels.ts";
import { buildRegistry } from "./commands/index.ts";
import { findCouncil } from "./domain/council/ensure-council.ts";
import { identifyActor } from "./domain/identities/identify-actor.ts";
import { rememberDirectConversation } from "./domain/identities/remember-direct-conversation.ts";
import { directConversations } from "./direct-conversations.ts";
import { loadDemoCouncil } from "./demo/load-demo-council.ts";
import { DEMO_COUNCIL } from "./demo/demo-council.ts";
import { Engine } from "./engine/engine.ts";
import { bilingual } from "./engine/i18n.ts";
import { Inbox } from "./engine/inbox.ts";
import { textMessage } from "./engine/messages.ts";
import { replyToInboxEvent } from "./inbox-replies.ts";
import { createHttpApp, finishRoutes, listen, type HttpServer } from "./http/server.ts";
import { UserError } from "./lib/user-error.ts";
import { openDatabase, openRawConnection, type Db } from "./storage/database.ts";
import { applyMigrations } from "./storage/migrations.ts";
import { Outbox } from "./delivery/outbox.ts";
import { onDeliveriesQueued, queueUndeliveredReplies } from "./domain/delivery/queue-messages.ts";
import type { ConversationRef, InboundEvent, OutboundMessage } from "./engine/messages.ts";
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
  council: { id: string; slug: string; name: string; nameEn: string };
  http: HttpServer | undefined;
  channels: ChannelSetup[];
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
}

/** Opens the database and applies pending migrations. */
export async function openMigratedDatabase(config: Config, logger: Logger): Promise<Db> {
  registerDomainSubscribers();
  const auditKeys = loadAuditKeys(config, logger);
  const raw = openRawConnection(config.DATABASE_URL);
  try {
    const applied = await applyMigrations(raw);
    if (applied.length > 0) logger.info({ applied }, "migrations applied");
  } finally {
    raw.close();
  }
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
    if (wantDemo && (await loadDemoCouncil(db))) logger.info({ council: DEMO_COUNCIL.slug }, "demo council loaded");
    const council = await findCouncil(db, config.KYODO_COUNCIL);
    if (!council) throw new UserError("startup.noCouncil", { slug: config.KYODO_COUNCIL });
    await scheduleAuditCheckpoints(db, config.AUDIT_CHECKPOINT_CRON, council.timezone, (options.clock ?? (() => new Date()))());

    const trackers = buildTrackers();
    let channels: ChannelSetup[] = [];
    const engine = new Engine({
      db,
      logger,
      registry: buildRegistry({ trackers }),
      identify: (platform, workspace, user) => identifyActor(db, platform, workspace, user),
      rememberDirectConversation: (_actor, ref, user) =>
        rememberDirectConversation(db, { platform: ref.platform, workspace: ref.workspace, externalUserId: user }, ref),
      directConversations: directConversations(db, logger, () => channels.map((c) => c.adapter)),
      defaultLocale: config.KYODO_DEFAULT_LOCALE,
      clock: options.clock,
    });

    channels =
      options.http === false ? [] : configuredChannels(config, logger, db, { clock: options.clock, mailResolver: options.mailResolver });
    let http: HttpServer | undefined;
    if (options.http !== false) {
      const app = createHttpApp(db, logger);
      for (const channel of channels) channel.mount?.(app);
      finishRoutes(app);
      http = await listen(app, config.PORT, config.HOST);
      logger.info({ port: http.port, host: config.HOST }, "http server listening");
    }
    // Answers a channel could not deliver at once go to the outbox instead of being lost.
    const undelivered = async (ref: ConversationRef, messages: OutboundMessage[], eventId: string) => {
      await queueUndeliveredReplies(db, { ref, messages, eventId, now: options.clock?.() ?? new Date() });
    };
    const outbox = new Outbox(
      db,
      logger,
      channels.map((c) => c.adapter),
      { clock: options.clock },
    );
    registerDeliveryGuards(outbox, db, trackers);
    // What is queued goes out as soon as it is due, not at the scheduler's next 15-second tick.
    const stopAnnouncing =
      (options.outboxWatch ?? options.scheduler !== false)
        ? (outbox.watch(), onDeliveriesQueued((at) => outbox.soon(at)))
        : () => undefined;
    const inbox = new Inbox({
      db,
      logger,
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
      reply: (event, replies, context, late) => replyToInboxEvent(db, outbox, channels, { event, replies, context, late }),
      // Pushed, not answered through the adapter: an answer would also mark the pressed button as chosen.
      parked: (event, context, late) =>
        replyToInboxEvent(db, outbox, channels, { event, replies: [textMessage(bilingual("inbox.parked"))], context, late, push: true }),
      clock: options.clock,
      holdWorkMs: options.inboxHoldWorkMs,
    });
    // Channels that answer in the HTTP response run events at once, under a claim in the inbox that
    // expires if the process dies; the others accept events into the inbox before acknowledging them.
    for (const channel of channels) await channel.adapter.start((event) => inbox.handleNow(event), { inbox, undelivered });
    // What a previous process accepted and did not finish runs now (and the sweep keeps looking).
    if (options.inbox !== false) inbox.start();
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
      async close() {
        stopAnnouncing();
        outbox.unwatch();
        await scheduler.stop();
        await outbox.idle();
        for (const channel of channels) await channel.adapter.stop();
        await inbox.stop();
        await http?.close();
        await db.$disconnect();
      },
    };
  } catch (error) {
    await db.$disconnect();
    throw error;
  }
}

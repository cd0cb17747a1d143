// Composition root: configuration → database (migrated) → council → engine → HTTP server. main.ts and
// the tests both start Kyodo through here, so what the tests run is what users run.
import type { Logger } from "pino";
import type { Config } from "./config/config.ts";
import { configuredChannels, type ChannelExtras, type ChannelSetup } from "./channels.ts";
import { buildRegistry } from "./commands/index.ts";
import { findCouncil } from "./domain/council/ensure-council.ts";
import { identifyActor } from "./domain/identities/identify-actor.ts";
import { rememberDirectConversation } from "./domain/identities/remember-direct-conversation.ts";
import { directConversations } from "./direct-conversations.ts";
import { loadDemoCouncil } from "./demo/load-demo-council.ts";
import { DEMO_COUNCIL } from "./demo/demo-council.ts";
import { Engine } from "./engine/engine.ts";
import { createHttpApp, finishRoutes, listen, type HttpServer } from "./http/server.ts";
import { UserError } from "./lib/user-error.ts";
import { openDatabase, openRawConnection, type Db } from "./storage/database.ts";
import { applyMigrations } from "./storage/migrations.ts";
import { Outbox } from "./delivery/outbox.ts";
import { Scheduler } from "./jobs/scheduler.ts";
import { buildJobDefinitions, buildTrackers } from "./features.ts";
import type { TrackerRegistry } from "./domain/reminders/response-tracker.ts";

export interface Kyodo {
  db: Db;
  engine: Engine;
  /** deadline-bearing features register here so reminders and automatic closing reach them */
  trackers: TrackerRegistry;
  scheduler: Scheduler;
  outbox: Outbox;
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
}

/** Opens the database and applies pending migrations. */
export async function openMigratedDatabase(config: Config, logger: Logger): Promise<Db> {
  const raw = openRawConnection(config.DATABASE_URL);
  try {
    const applied = await applyMigrations(raw);
    if (applied.length > 0) logger.info({ applied }, "migrations applied");
  } finally {
    raw.close();
  }
  return openDatabase(config.DATABASE_URL);
}

export async function startKyodo(config: Config, logger: Logger, options: StartOptions = {}): Promise<Kyodo> {
  const db = await openMigratedDatabase(config, logger);
  try {
    const wantDemo = config.KYODO_LOAD_DEMO === "always" || (config.KYODO_LOAD_DEMO === "auto" && config.KYODO_COUNCIL === DEMO_COUNCIL.slug);
    if (wantDemo && (await loadDemoCouncil(db))) logger.info({ council: DEMO_COUNCIL.slug }, "demo council loaded");
    const council = await findCouncil(db, config.KYODO_COUNCIL);
    if (!council) throw new UserError("startup.noCouncil", { slug: config.KYODO_COUNCIL });

    const trackers = buildTrackers();
    let channels: ChannelSetup[] = [];
    const engine = new Engine({
      db,
      logger,
      registry: buildRegistry({ trackers }),
      identify: (platform, workspace, user) => identifyActor(db, platform, workspace, user),
      rememberDirectConversation: (_actor, ref, user) => rememberDirectConversation(db, { platform: ref.platform, workspace: ref.workspace, externalUserId: user }, ref),
      directConversations: directConversations(db, logger, () => channels.map((c) => c.adapter)),
      defaultLocale: config.KYODO_DEFAULT_LOCALE,
      clock: options.clock,
    });

    channels = options.http === false ? [] : configuredChannels(config, logger, db, { clock: options.clock, mailResolver: options.mailResolver });
    let http: HttpServer | undefined;
    if (options.http !== false) {
      const app = createHttpApp(db, logger);
      for (const channel of channels) channel.mount?.(app);
      finishRoutes(app);
      http = await listen(app, config.PORT, config.HOST);
      logger.info({ port: http.port, host: config.HOST }, "http server listening");
    }
    for (const channel of channels) await channel.adapter.start((event) => engine.handle(event));

    const outbox = new Outbox(db, logger, channels.map((c) => c.adapter));
    const scheduler = new Scheduler({ db, logger, definitions: buildJobDefinitions(trackers), outbox, clock: options.clock });
    if (options.scheduler !== false) scheduler.start();
    return {
      db,
      engine,
      council,
      http,
      channels,
      trackers,
      scheduler,
      outbox,
      async close() {
        await scheduler.stop();
        for (const channel of channels) await channel.adapter.stop();
        await http?.close();
        await db.$disconnect();
      },
    };
  } catch (error) {
    await db.$disconnect();
    throw error;
  }
}

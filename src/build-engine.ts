// The engine as the composition root builds it: used by the thread that acknowledges (src/app.ts) and by
// the inbox worker (src/inbox-worker.ts), so both run the same commands with the same collaborators.
import type { Logger } from "pino";
import type { Config } from "./config/config.ts";
import { buildRegistry } from "./commands/index.ts";
import { identifyActor } from "./domain/identities/identify-actor.ts";
import { rememberDirectConversation } from "./domain/identities/remember-direct-conversation.ts";
import type { TrackerRegistry } from "./domain/reminders/response-tracker.ts";
import { directConversations } from "./direct-conversations.ts";
import type { ChannelAdapter } from "./engine/adapter.ts";
import { Engine } from "./engine/engine.ts";
import type { Db } from "./storage/database.ts";

export interface EngineParts {
  trackers: TrackerRegistry;
  /** the web console's public address (known once the server listens) */
  consoleUrl: () => string;
  /** the adapters that open direct conversations and post into them */
  adapters: () => ChannelAdapter[];
  clock?: () => Date;
}

export function buildEngine(db: Db, logger: Logger, config: Pick<Config, "KYODO_DEFAULT_LOCALE">, parts: EngineParts): Engine {
  return new Engine({
    db,
    logger,
    registry: buildRegistry({ trackers: parts.trackers, consoleUrl: parts.consoleUrl }),
    identify: (platform, workspace, user) => identifyActor(db, platform, workspace, user),
    rememberDirectConversation: (actor, ref, user) =>
      rememberDirectConversation(
        db,
        { platform: ref.platform, workspace: ref.workspace, externalUserId: user },
        ref,
        actor.reach?.directRef,
      ),
    directConversations: directConversations(db, logger, parts.adapters),
    defaultLocale: config.KYODO_DEFAULT_LOCALE,
    clock: parts.clock,
  });
}

// The engine's DirectConversations, built from the adapters' DirectOpener capability and the identities
// domain. Lives beside the composition root because it joins the two: adapters never see the database,
// and the domain never sees an adapter.
import type { Logger } from "pino";
import { canOpenDirect, DirectConversationError, type ChannelAdapter } from "./engine/adapter.ts";
import type { ConversationRef, OutboundMessage } from "./engine/messages.ts";
import type { DirectConversations, DirectOutcome } from "./engine/personal-conversation.ts";
import {
  knownDirectConversation,
  recordDirectConversation,
  recordUnreachable,
  takeUnreachableNotice,
} from "./domain/identities/direct-reach.ts";
import type { Db } from "./storage/database.ts";

export function directConversations(db: Db, logger: Logger, adapters: () => ChannelAdapter[]): DirectConversations {
  const adapterFor = (platform: string) => adapters().find((a) => a.platform === platform);
  const accountOf = (ref: ConversationRef, externalUserId: string) => ({
    platform: ref.platform,
    workspace: ref.workspace,
    externalUserId,
  });

  return {
    async open(ref, externalUserId, now): Promise<DirectOutcome> {
      const account = accountOf(ref, externalUserId);
      if (ref.isDirect) return { kind: "opened", ref };
      const known = await knownDirectConversation(db, account);
      if (known) return { kind: "opened", ref: known };
      const adapter = adapterFor(ref.platform);
      if (!adapter || !canOpenDirect(adapter)) return { kind: "unsupported" };
      try {
        const opened = await adapter.openDirectConversation(ref.workspace, externalUserId);
        // Remembered only for a linked account (an unlinked one has no identity row to remember it on).
        await recordDirectConversation(db, account, opened);
        return { kind: "opened", ref: opened };
      } catch (error) {
        const reason = error instanceof DirectConversationError ? error.reason : `${ref.platform}:error`;
        logger.warn({ err: error, platform: ref.platform }, "could not open a direct conversation");
        await recordUnreachable(db, account, reason, now);
        return { kind: "refused", reason };
      }
    },
    async deliver(ref, messages: OutboundMessage[]) {
      const adapter = adapterFor(ref.platform);
      if (!adapter) throw new Error(`no ${ref.platform} channel to deliver to`);
      for (const message of messages) await adapter.post(ref, message);
    },
    takeNotice(ref, externalUserId, now) {
      return takeUnreachableNotice(db, accountOf(ref, externalUserId), now);
    },
  };
}

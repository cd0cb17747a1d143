// Whether Kyodo can reach a linked person one-to-one. A person who linked in a channel has no direct
// conversation until Kyodo opens one; when the platform refuses, nobody must be left unaware: the
// secretariat gets a notice naming who and why, and the person is told the next time they write.
import { readJsonColumn } from "../../lib/json-column.ts";
import { conversationRefSchema } from "../../engine/stored-shapes.ts";
import { secretariatMemberIds } from "../people/secretariat-members.ts";
import { translator, type Locale } from "../../engine/i18n.ts";
import { textMessage, type ConversationRef } from "../../engine/messages.ts";
import type { Db } from "../../storage/database.ts";
import { queueMessages } from "../delivery/queue-messages.ts";
import { nextOfficeMoment } from "../reminders/office-hours.ts";
import { rememberDirectConversation } from "./remember-direct-conversation.ts";

export interface ChatAccountKey {
  platform: string;
  workspace: string;
  externalUserId: string;
}

const where = (account: ChatAccountKey) => ({ platform_workspace_externalUserId: account });

/** The direct conversation Kyodo already knows for this account, if any. */
export async function knownDirectConversation(db: Db, account: ChatAccountKey): Promise<ConversationRef | undefined> {
  const identity = await db.chatIdentity.findUnique({ where: where(account), select: { id: true, directRef: true } });
  return identity?.directRef
    ? readJsonColumn(conversationRefSchema, identity.directRef, `ChatIdentity ${identity.id}.directRef`)
    : undefined;
}

/** Records the conversation the platform opened; clears an earlier refusal. */
export async function recordDirectConversation(db: Db, account: ChatAccountKey, ref: ConversationRef): Promise<void> {
  await rememberDirectConversation(db, account, ref);
}

/**
 * Records that the platform refused to open the person's direct conversation. The first refusal (and a
 * refusal for a different reason) queues a notice to the secretariat; repeated refusals for the same
 * reason at later contacts do not repeat it.
 */
export async function recordUnreachable(db: Db, account: ChatAccountKey, reason: string, now: Date): Promise<void> {
  const identity = await db.chatIdentity.findUnique({ where: where(account), include: { person: { include: { council: true } } } });
  if (!identity || identity.directRef) return;
  if (identity.unreachableReason === reason) return;
  const since = identity.unreachableSince ?? now;
  await db.chatIdentity.update({
    where: { id: identity.id },
    data: { unreachableReason: reason, unreachableSince: since, unreachableToldAt: null },
  });
  const person = identity.person;
  const secretariat = await secretariatMemberIds(db, person.councilId);
  await queueMessages(db, {
    // One notice per account and reason: the same refusal at the next contact is not news.
    source: `unreachable:${identity.id}:${reason}`,
    personIds: secretariat,
    render: (locale: Locale) => {
      const t = translator(locale);
      return textMessage(
        t("reach.secretariatNotice", { name: person.displayName, handle: person.handle, platform: account.platform, reason }),
      );
    },
    notBefore: nextOfficeMoment(person.council, now),
  });
}

/**
 * The reason Kyodo cannot reach this account directly, once: the person is told at their next contact,
 * and not again until a new refusal.
 */
export async function takeUnreachableNotice(db: Db, account: ChatAccountKey, now: Date): Promise<string | undefined> {
  const identity = await db.chatIdentity.findUnique({
    where: where(account),
    select: { id: true, directRef: true, unreachableReason: true, unreachableToldAt: true },
  });
  if (!identity?.unreachableReason || identity.directRef || identity.unreachableToldAt) return undefined;
  const claimed = await db.chatIdentity.updateMany({
    where: { id: identity.id, unreachableToldAt: null },
    data: { unreachableToldAt: now },
  });
  return claimed.count > 0 ? identity.unreachableReason : undefined;
}

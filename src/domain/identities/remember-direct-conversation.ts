// Keeps, per chat account, the direct conversation in which the person last wrote to Kyodo: reminders
// and broadcasts are delivered there.
import type { Db } from "../../storage/database.ts";

export async function rememberDirectConversation(
  db: Db,
  account: { platform: string; workspace: string; externalUserId: string },
  ref: { platform: string; workspace: string; conversationId: string },
  /** the account's directRef as read at the start of the event, when known: equal, there is nothing to write */
  known?: string | null,
): Promise<void> {
  const directRef = JSON.stringify({
    platform: ref.platform,
    workspace: ref.workspace,
    conversationId: ref.conversationId,
    isDirect: true,
  });
  if (known !== undefined && known === directRef) return;
  // updateMany with the old value excluded writes only when something changed (most messages change nothing).
  await db.chatIdentity.updateMany({
    where: {
      platform: account.platform,
      workspace: account.workspace,
      externalUserId: account.externalUserId,
      OR: [{ directRef: null }, { directRef: { not: directRef } }],
    },
    // A conversation that opened ends any earlier refusal: the person is reachable again.
    data: { directRef, unreachableReason: null, unreachableSince: null, unreachableToldAt: null },
  });
}

// Links a group conversation to an organ, so the organ's broadcasts and notices also go there.
import type { Db } from "../../storage/database.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";

export async function linkOrganConversation(
  db: Db,
  organId: string,
  ref: { platform: string; workspace: string; conversationId: string; threadId?: string },
  personId: string,
  now: Date,
) {
  const target = JSON.stringify({ platform: ref.platform, workspace: ref.workspace, conversationId: ref.conversationId });
  await db.$transaction(async (tx) => {
    const existing = await tx.organConversation.findUnique({
      where: { organId_platform_target: { organId, platform: ref.platform, target } },
    });
    if (existing) return;
    await tx.organConversation.create({ data: { organId, platform: ref.platform, target, linkedBy: personId } });
    await appendAuditEntry(tx, {
      actor: `person:${personId}`,
      action: "organs.group.link",
      subject: `organ:${organId}`,
      payload: { platform: ref.platform, conversation: ref.conversationId },
      at: now,
    });
  });
}

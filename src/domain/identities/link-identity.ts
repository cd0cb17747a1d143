// Links or unlinks chat accounts without a code: for the local console, whose operator already has the
// database in hand, and for the secretariat's CLI.
import type { Db } from "../../storage/database.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";
import { DomainError } from "../errors.ts";
import type { ChatAccount } from "./redeem-enrolment-code.ts";

export async function linkIdentityDirectly(db: Db, account: ChatAccount, personId: string, actor: string, now = new Date()) {
  return db.$transaction(async (tx) => {
    const existing = await tx.chatIdentity.findUnique({ where: { platform_workspace_externalUserId: account } });
    if (existing?.personId === personId) return existing;
    if (existing) throw new DomainError("link.linkedToOther", {});
    const identity = await tx.chatIdentity.create({ data: { ...account, personId, verifiedAt: now } });
    await appendAuditEntry(tx, {
      actor,
      action: "identities.link",
      subject: `person:${personId}`,
      payload: { platform: account.platform, workspace: account.workspace, direct: true },
      at: now,
    });
    return identity;
  });
}

export async function unlinkIdentity(db: Db, account: ChatAccount, actor: string) {
  return db.$transaction(async (tx) => {
    const existing = await tx.chatIdentity.findUnique({ where: { platform_workspace_externalUserId: account } });
    if (!existing) return false;
    await tx.chatIdentity.delete({ where: { id: existing.id } });
    await appendAuditEntry(tx, {
      actor,
      action: "identities.unlink",
      subject: `person:${existing.personId}`,
      payload: { platform: account.platform },
    });
    return true;
  });
}

// Links a chat account to the person a code was issued for. The code works once, before it expires, and
// an account already linked to someone else is never silently moved.
import type { Db } from "../../storage/database.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";
import { DomainError } from "../errors.ts";
import { hashCode } from "./enrolment-code.ts";

export interface ChatAccount {
  platform: string;
  workspace: string;
  externalUserId: string;
}

export async function redeemEnrolmentCode(db: Db, account: ChatAccount, code: string, now = new Date()) {
  return db.$transaction(async (tx) => {
    const issued = await tx.enrolmentCode.findUnique({ where: { codeHash: hashCode(code) }, include: { person: true } });
    if (!issued || issued.usedAt || issued.expiresAt <= now || issued.person.retiredAt) throw new DomainError("link.invalidCode", {});
    const existing = await tx.chatIdentity.findUnique({ where: { platform_workspace_externalUserId: account } });
    if (existing && existing.personId !== issued.personId) throw new DomainError("link.linkedToOther", {});
    await tx.enrolmentCode.update({ where: { id: issued.id }, data: { usedAt: now } });
    if (!existing) await tx.chatIdentity.create({ data: { ...account, personId: issued.personId, verifiedAt: now } });
    await appendAuditEntry(tx, {
      actor: `person:${issued.personId}`,
      action: "identities.link",
      subject: `person:${issued.personId}`,
      payload: { platform: account.platform, workspace: account.workspace },
      at: now,
    });
    return issued.person;
  });
}

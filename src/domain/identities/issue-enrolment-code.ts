// The secretariat issues a one-time code to a person, who then sends `/kyodo link <code>` from their chat
// account. The plain code is returned once and never stored.
import type { Db } from "../../storage/database.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";
import { DomainError } from "../errors.ts";
import { generateCode, hashCode } from "./enrolment-code.ts";

export const DEFAULT_CODE_TTL_HOURS = 72;

export async function issueEnrolmentCode(db: Db, personId: string, actor: string, ttlHours = DEFAULT_CODE_TTL_HOURS, now = new Date()) {
  const code = generateCode();
  const expiresAt = new Date(now.getTime() + ttlHours * 3600_000);
  await db.$transaction(async (tx) => {
    // Someone who left the council (retirePerson) is not let back into chat by a code; their record stays as it was.
    const person = await tx.person.findUniqueOrThrow({ where: { id: personId }, select: { displayName: true, retiredAt: true } });
    if (person.retiredAt) throw new DomainError("consolePeople.retired", { name: person.displayName });
    // A new code replaces any unused one, so only the latest letter or message works.
    await tx.enrolmentCode.updateMany({ where: { personId, usedAt: null, expiresAt: { gt: now } }, data: { expiresAt: now } });
    await tx.enrolmentCode.create({ data: { personId, codeHash: hashCode(code), expiresAt, createdBy: actor } });
    await appendAuditEntry(tx, {
      actor,
      action: "identities.code.issue",
      subject: `person:${personId}`,
      payload: { expiresAt: expiresAt.toISOString() },
      at: now,
    });
  });
  return { code, expiresAt };
}

// A person leaves the council (transfer, retirement). Their row stays, with retiredAt set, because votes,
// answers, interest records and the audit log name them as author: deleting it would orphan that history.
// What lets them act or be counted from now on goes, in one transaction: roles, current staff memberships
// (ended, not deleted), seats they represent (left vacant for the body to fill), alternates, linked chat
// accounts, email aliases, unused enrolment codes and console sessions. One audit entry says what went.
import type { Db, DbOrTx } from "../../storage/database.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";
import { DomainError } from "../errors.ts";
import { SECRETARIAT_ROLES } from "../access/policy.ts";

/** Refuses a change to someone who has left (their record is kept as it was when they left). */
export async function activePerson(db: DbOrTx, councilId: string, personId: string) {
  const person = await db.person.findFirst({ where: { id: personId, councilId } });
  if (!person) throw new DomainError("consolePeople.notFound", {});
  if (person.retiredAt) throw new DomainError("consolePeople.retired", { name: person.displayName });
  return person;
}

/** The same refusal where only the person's id is at hand (grantRole, addStaffMembership from the CLI). */
export async function refuseRetired(db: DbOrTx, personId: string): Promise<void> {
  const person = await db.person.findUnique({ where: { id: personId }, select: { displayName: true, retiredAt: true } });
  if (person?.retiredAt) throw new DomainError("consolePeople.retired", { name: person.displayName });
}

/** Whether anyone but `personId` would still hold a secretariat role: nobody could manage the council otherwise. */
export async function othersHoldSecretariat(db: DbOrTx, councilId: string, personId: string): Promise<boolean> {
  const others = await db.personRole.count({
    where: { role: { in: [...SECRETARIAT_ROLES] }, personId: { not: personId }, person: { councilId, retiredAt: null } },
  });
  return others > 0;
}

export interface RetireReport {
  roles: string[];
  memberships: number;
  seats: number;
  alternates: number;
  identities: string[];
  aliases: number;
}

export async function retirePerson(
  db: Db,
  input: { councilId: string; personId: string; actor: string },
  now: Date,
): Promise<RetireReport> {
  return db.$transaction(async (tx) => {
    const person = await activePerson(tx, input.councilId, input.personId);
    const roles = (await tx.personRole.findMany({ where: { personId: person.id } })).map((r) => r.role);
    if (roles.some((r) => SECRETARIAT_ROLES.includes(r)) && !(await othersHoldSecretariat(tx, input.councilId, person.id)))
      throw new DomainError("consolePeople.lastSecretariat", { name: person.displayName });
    await tx.personRole.deleteMany({ where: { personId: person.id } });
    const memberships = await tx.staffMembership.updateMany({ where: { personId: person.id, endedAt: null }, data: { endedAt: now } });
    const seats = await tx.seat.updateMany({ where: { representativeId: person.id }, data: { representativeId: null } });
    const alternates = await tx.seatAlternate.deleteMany({ where: { personId: person.id } });
    const identities = await tx.chatIdentity.findMany({ where: { personId: person.id }, select: { platform: true } });
    await tx.chatIdentity.deleteMany({ where: { personId: person.id } });
    const aliases = await tx.emailAlias.deleteMany({ where: { personId: person.id } });
    await tx.enrolmentCode.updateMany({ where: { personId: person.id, usedAt: null, expiresAt: { gt: now } }, data: { expiresAt: now } });
    await tx.consoleSession.updateMany({ where: { personId: person.id, endedAt: null }, data: { endedAt: now } });
    await tx.person.update({ where: { id: person.id }, data: { retiredAt: now } });
    const report: RetireReport = {
      roles,
      memberships: memberships.count,
      seats: seats.count,
      alternates: alternates.count,
      identities: identities.map((i) => i.platform),
      aliases: aliases.count,
    };
    await appendAuditEntry(tx, {
      actor: input.actor,
      action: "people.retire",
      subject: `person:${person.id}`,
      at: now,
      payload: { ...report },
    });
    return report;
  });
}

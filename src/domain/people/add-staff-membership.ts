// Records that a person works for a body (担当者). Any current staff member may answer for the body.
import type { Db } from "../../storage/database.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";
import { refuseRetired } from "./retire-person.ts";

export async function addStaffMembership(db: Db, personId: string, bodyId: string, primaryContact: boolean, actor: string) {
  return db.$transaction(async (tx) => {
    await refuseRetired(tx, personId);
    const current = await tx.staffMembership.findFirst({ where: { personId, bodyId, endedAt: null } });
    if (current) {
      if (current.primaryContact === primaryContact) return current;
      return tx.staffMembership.update({ where: { id: current.id }, data: { primaryContact } });
    }
    const membership = await tx.staffMembership.create({ data: { personId, bodyId, primaryContact } });
    await appendAuditEntry(tx, {
      actor,
      action: "people.membership.add",
      subject: `person:${personId}`,
      payload: { bodyId, primaryContact },
    });
    return membership;
  });
}

export async function endStaffMembership(db: Db, personId: string, bodyId: string, actor: string, now = new Date()) {
  return db.$transaction(async (tx) => {
    const { count } = await tx.staffMembership.updateMany({ where: { personId, bodyId, endedAt: null }, data: { endedAt: now } });
    if (count > 0)
      await appendAuditEntry(tx, { actor, action: "people.membership.end", subject: `person:${personId}`, payload: { bodyId } });
    return count;
  });
}

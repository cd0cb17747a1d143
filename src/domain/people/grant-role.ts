import type { Db } from "../../storage/database.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";
import type { ROLES } from "./add-person.ts";
import { refuseRetired } from "./retire-person.ts";

export async function grantRole(db: Db, personId: string, role: (typeof ROLES)[number], actor: string) {
  await db.$transaction(async (tx) => {
    await refuseRetired(tx, personId);
    const existing = await tx.personRole.findUnique({ where: { personId_role: { personId, role } } });
    if (existing) return;
    await tx.personRole.create({ data: { personId, role } });
    await appendAuditEntry(tx, { actor, action: "people.role.grant", subject: `person:${personId}`, payload: { role } });
  });
}

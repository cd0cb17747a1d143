// Takes a role (secretariat, admin) from a person: the opposite of grantRole. The council's last secretariat
// member keeps theirs, or nobody could grant it again except from the server's command line.
import type { Db } from "../../storage/database.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";
import { DomainError } from "../errors.ts";
import { SECRETARIAT_ROLES } from "../access/policy.ts";
import type { ROLES } from "./add-person.ts";
import { activePerson, othersHoldSecretariat } from "./retire-person.ts";

/** True when the person had the role (and now has not). */
export async function revokeRole(db: Db, input: { councilId: string; personId: string; role: (typeof ROLES)[number]; actor: string }) {
  return db.$transaction(async (tx) => {
    const person = await activePerson(tx, input.councilId, input.personId);
    const held = await tx.personRole.findMany({ where: { personId: person.id } });
    if (!held.some((r) => r.role === input.role)) return false;
    const keepsSecretariat = held.some((r) => r.role !== input.role && SECRETARIAT_ROLES.includes(r.role));
    if (SECRETARIAT_ROLES.includes(input.role) && !keepsSecretariat && !(await othersHoldSecretariat(tx, input.councilId, person.id)))
      throw new DomainError("consolePeople.lastSecretariat", { name: person.displayName });
    await tx.personRole.delete({ where: { personId_role: { personId: person.id, role: input.role } } });
    await appendAuditEntry(tx, {
      actor: input.actor,
      action: "people.role.revoke",
      subject: `person:${person.id}`,
      payload: { role: input.role },
    });
    return true;
  });
}

// A person's bodies, seats (as representative or as a currently delegated alternate) and roles.
import type { DbOrTx } from "../../storage/database.ts";
import { delegationActive } from "../organs/set-alternate.ts";

export async function describePerson(db: DbOrTx, personId: string, now: Date) {
  const person = await db.person.findUniqueOrThrow({
    where: { id: personId },
    include: {
      roles: true,
      memberships: { where: { endedAt: null }, include: { body: true } },
      seats: { where: { organ: { dissolvedAt: null } }, include: { organ: true, body: true } },
      alternates: { where: { seat: { organ: { dissolvedAt: null } } }, include: { seat: { include: { organ: true, body: true } } } },
    },
  });
  const seats = [
    ...person.seats.map((s) => ({ organ: s.organ.name, body: s.body.name, asAlternate: false })),
    ...person.alternates
      .filter((a) => delegationActive(a, now))
      .map((a) => ({ organ: a.seat.organ.name, body: a.seat.body.name, asAlternate: true })),
  ];
  return {
    handle: person.handle,
    displayName: person.displayName,
    bodies: person.memberships.map((m) => ({ name: m.body.name, primaryContact: m.primaryContact })),
    seats,
    roles: person.roles.map((r) => r.role),
  };
}

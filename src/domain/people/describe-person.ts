// A person's bodies, seats (as representative or as a currently delegated alternate) and roles. Every home
// screen shows them, so they are four plain SQL statements rather than Prisma's ten for the nested include
// (issue #15); describePersonPrisma is that include, the reference test/people/describe-person.test.ts
// compares against.
import type { DbOrTx } from "../../storage/database.ts";
import { Prisma } from "../../storage/generated/client.ts";
import { delegationActive } from "../organs/set-alternate.ts";

export interface PersonDescription {
  handle: string;
  displayName: string;
  bodies: Array<{ name: string; primaryContact: boolean }>;
  seats: Array<{ organ: string; body: string; asAlternate: boolean }>;
  roles: string[];
}

export async function describePerson(db: DbOrTx, personId: string, now: Date): Promise<PersonDescription> {
  // Quoted names and Prisma.sql placeholders read the same on SQLite and PostgreSQL.
  const person = await db.$queryRaw<Array<{ handle: string; displayName: string; role: string | null }>>(Prisma.sql`
    SELECT p."handle", p."displayName", r."role" FROM "Person" p LEFT JOIN "PersonRole" r ON r."personId" = p."id"
    WHERE p."id" = ${personId} ORDER BY r."role"`);
  if (!person[0]) throw new Error(`no person ${personId}`);
  const bodies = await db.$queryRaw<Array<{ name: string; primaryContact: boolean | number }>>(Prisma.sql`
    SELECT b."name", m."primaryContact" FROM "StaffMembership" m JOIN "Body" b ON b."id" = m."bodyId"
    WHERE m."personId" = ${personId} AND m."endedAt" IS NULL ORDER BY m."id"`);
  const seats = await db.$queryRaw<Array<{ organ: string; body: string }>>(Prisma.sql`
    SELECT o."name" AS "organ", b."name" AS "body" FROM "Seat" s
    JOIN "Organ" o ON o."id" = s."organId" JOIN "Body" b ON b."id" = s."bodyId"
    WHERE s."representativeId" = ${personId} AND o."dissolvedAt" IS NULL ORDER BY s."id"`);
  const alternates = await db.$queryRaw<Array<{ organ: string; body: string; delegatedFrom: Date | null; delegatedUntil: Date | null }>>(
    Prisma.sql`
    SELECT o."name" AS "organ", b."name" AS "body", a."delegatedFrom", a."delegatedUntil" FROM "SeatAlternate" a
    JOIN "Seat" s ON s."id" = a."seatId" JOIN "Organ" o ON o."id" = s."organId" JOIN "Body" b ON b."id" = s."bodyId"
    WHERE a."personId" = ${personId} AND o."dissolvedAt" IS NULL ORDER BY a."id"`,
  );
  return {
    handle: person[0].handle,
    displayName: person[0].displayName,
    // SQLite hands a boolean column back as 0 or 1 from plain SQL.
    bodies: bodies.map((b) => ({ name: b.name, primaryContact: Boolean(b.primaryContact) })),
    seats: [
      ...seats.map((s) => ({ organ: s.organ, body: s.body, asAlternate: false })),
      ...alternates.filter((a) => delegationActive(a, now)).map((a) => ({ organ: a.organ, body: a.body, asAlternate: true })),
    ],
    roles: person.map((r) => r.role).filter((role): role is string => role !== null),
  };
}

/** The same through Prisma's nested include (ten statements). */
export async function describePersonPrisma(db: DbOrTx, personId: string, now: Date): Promise<PersonDescription> {
  const person = await db.person.findUniqueOrThrow({
    where: { id: personId },
    include: {
      roles: { orderBy: { role: "asc" } },
      memberships: { where: { endedAt: null }, include: { body: true }, orderBy: { id: "asc" } },
      seats: { where: { organ: { dissolvedAt: null } }, include: { organ: true, body: true }, orderBy: { id: "asc" } },
      alternates: {
        where: { seat: { organ: { dissolvedAt: null } } },
        include: { seat: { include: { organ: true, body: true } } },
        orderBy: { id: "asc" },
      },
    },
  });
  return {
    handle: person.handle,
    displayName: person.displayName,
    bodies: person.memberships.map((m) => ({ name: m.body.name, primaryContact: m.primaryContact })),
    seats: [
      ...person.seats.map((s) => ({ organ: s.organ.name, body: s.body.name, asAlternate: false })),
      ...person.alternates
        .filter((a) => delegationActive(a, now))
        .map((a) => ({ organ: a.seat.organ.name, body: a.seat.body.name, asAlternate: true })),
    ],
    roles: person.roles.map((r) => r.role),
  };
}

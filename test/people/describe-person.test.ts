// A person's bodies, seats and roles for the home screen and `/kyodo me`, in four SQL statements instead of
// Prisma's ten (issue #15): the same answer as Prisma's include for a person with two current memberships
// (one as primary contact) and an ended one, a seat as representative, one in a dissolved organ, and
// alternates with a current, an ended and no delegation — on both providers.
import { afterAll, beforeAll, expect, it } from "vitest";
import { describePerson, describePersonPrisma } from "../../src/domain/people/describe-person.ts";
import { describeEachProvider } from "../support/postgres.ts";
import type { TestKyodo } from "../support/test-kyodo.ts";

describeEachProvider("describing a person", (provider) => {
  let kyodo: TestKyodo;
  const now = new Date("2026-11-24T01:00:00.000Z");
  const day = 86_400_000;
  const personId = "ps-describe";

  beforeAll(async () => {
    kyodo = await provider.startKyodo({}, { http: false });
    const db = kyodo.db;
    const councilId = kyodo.council.id;
    const body = (n: number) =>
      db.body.create({ data: { id: `bd-describe-${n}`, councilId, name: `記述市${n}`, nameKey: `記述市${n}`, kind: "市" } });
    const bodies = [await body(1), await body(2), await body(3), await body(4), await body(5)];
    await db.person.create({ data: { id: personId, councilId, handle: "describe", displayName: "記述 花子" } });
    await db.personRole.create({ data: { personId, role: "secretariat" } });
    await db.staffMembership.create({ data: { id: "sm-1", personId, bodyId: bodies[0]!.id, primaryContact: true } });
    await db.staffMembership.create({ data: { id: "sm-2", personId, bodyId: bodies[1]!.id } });
    await db.staffMembership.create({ data: { id: "sm-3", personId, bodyId: bodies[2]!.id, endedAt: new Date(now.getTime() - day) } });
    const organ = await db.organ.create({ data: { councilId, slug: "describe", name: "記述協議会", kind: "総会" } });
    const gone = await db.organ.create({ data: { councilId, slug: "gone", name: "解散済み", kind: "総会", dissolvedAt: now } });
    const seat = (id: string, organId: string, bodyId: string, representativeId: string | null = null) =>
      db.seat.create({ data: { id, organId, bodyId, representativeId } });
    await seat("st-d1", organ.id, bodies[0]!.id, personId);
    await seat("st-d2", gone.id, bodies[1]!.id, personId);
    await seat("st-d3", organ.id, bodies[2]!.id);
    await seat("st-d4", organ.id, bodies[3]!.id);
    await seat("st-d5", organ.id, bodies[4]!.id);
    await db.seatAlternate.create({
      data: {
        id: "sa-1",
        seatId: "st-d3",
        personId,
        delegatedFrom: new Date(now.getTime() - day),
        delegatedUntil: new Date(now.getTime() + day),
      },
    });
    await db.seatAlternate.create({
      data: {
        id: "sa-2",
        seatId: "st-d4",
        personId,
        delegatedFrom: new Date(now.getTime() - 3 * day),
        delegatedUntil: new Date(now.getTime() - day),
      },
    });
    await db.seatAlternate.create({ data: { id: "sa-3", seatId: "st-d5", personId } });
  }, 120_000);
  afterAll(async () => {
    await kyodo?.dispose();
  });

  it("says what Prisma's include says", async () => {
    const described = await describePerson(kyodo.db, personId, now);
    expect(described).toEqual(await describePersonPrisma(kyodo.db, personId, now));
    expect(described).toEqual({
      handle: "describe",
      displayName: "記述 花子",
      bodies: [
        { name: "記述市1", primaryContact: true },
        { name: "記述市2", primaryContact: false },
      ],
      seats: [
        { organ: "記述協議会", body: "記述市1", asAlternate: false },
        { organ: "記述協議会", body: "記述市3", asAlternate: true },
      ],
      roles: ["secretariat"],
    });
  });

  it("follows the delegation's period", async () => {
    const earlier = new Date(now.getTime() - 2 * day);
    const described = await describePerson(kyodo.db, personId, earlier);
    expect(described).toEqual(await describePersonPrisma(kyodo.db, personId, earlier));
    expect(described.seats.map((s) => s.body)).toEqual(["記述市1", "記述市4"]);
  });
});

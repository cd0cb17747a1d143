// Which seats of a ballot's roll a person may vote for, read in one statement (issue #15): as representative
// always; as alternate only while a delegation is current (not before it starts, not after it ends, not
// without one); and not a seat off the roll — on both providers.
import { afterAll, beforeAll, expect, it } from "vitest";
import { createExampleBallot, jst } from "./support.ts";
import { ballotsAwaitingPerson, loadBallot, seatsHeldOnBallot } from "../../src/domain/motions/find-ballot.ts";
import { setAlternate } from "../../src/domain/organs/set-alternate.ts";
import { addPerson } from "../../src/domain/people/add-person.ts";
import { addStaffMembership } from "../../src/domain/people/add-staff-membership.ts";
import { describeEachProvider } from "../support/postgres.ts";
import type { TestKyodo } from "../support/test-kyodo.ts";

describeEachProvider("the seats a person holds on a ballot", (provider) => {
  let kyodo: TestKyodo;
  const now = jst("2026-11-24T10:00:00");
  const day = 86_400_000;
  let ballotId: string;
  let personId: string;
  const seatIds: string[] = [];

  beforeAll(async () => {
    kyodo = await provider.startKyodo({}, { http: false, clock: () => now });
    ballotId = (await createExampleBallot(kyodo, now)).id;
    const roll = (await loadBallot(kyodo.db, ballotId)).roll;
    const seats = await kyodo.db.seat.findMany({ where: { id: { in: roll.map((r) => r.seatId) } }, orderBy: { id: "asc" }, take: 5 });
    const person = await addPerson(kyodo.db, kyodo.council.id, { handle: "kenmu", displayName: "兼務 太郎" }, "test");
    personId = person.id;
    for (const seat of seats) {
      await addStaffMembership(kyodo.db, personId, seat.bodyId, false, "test");
      seatIds.push(seat.id);
    }
    // 0: representative; 1: alternate, delegation current; 2: ended yesterday; 3: starts tomorrow; 4: no delegation.
    await kyodo.db.seat.update({ where: { id: seatIds[0]! }, data: { representativeId: personId } });
    const periods = [
      { delegatedFrom: new Date(now.getTime() - day), delegatedUntil: new Date(now.getTime() + day) },
      { delegatedFrom: new Date(now.getTime() - 3 * day), delegatedUntil: new Date(now.getTime() - day) },
      { delegatedFrom: new Date(now.getTime() + day), delegatedUntil: null },
      {},
    ];
    for (const [i, period] of periods.entries()) await setAlternate(kyodo.db, { seatId: seatIds[i + 1]!, personId, ...period }, "test");
  }, 120_000);
  afterAll(async () => {
    await kyodo?.dispose();
  });

  it("holds the representative's seat and the one with a current delegation", async () => {
    const ballot = await loadBallot(kyodo.db, ballotId);
    const held = await seatsHeldOnBallot(kyodo.db, ballot, personId, now);
    expect(held.map((s) => [s.seatId, s.capacity])).toEqual([
      [seatIds[0], "representative"],
      [seatIds[1], "alternate"],
    ]);
    const bodies = await kyodo.db.seat.findMany({ where: { id: { in: seatIds.slice(0, 2) } }, include: { body: true } });
    for (const seat of held) expect(seat.bodyName).toBe(bodies.find((b) => b.id === seat.seatId)!.body.name);
  });

  it("holds the alternate's seat once its delegation starts, and none of a roll without its seats", async () => {
    const ballot = await loadBallot(kyodo.db, ballotId);
    const later = new Date(now.getTime() + 2 * day);
    expect((await seatsHeldOnBallot(kyodo.db, ballot, personId, later)).map((s) => s.seatId)).toEqual([seatIds[0], seatIds[3]]);
    expect(await seatsHeldOnBallot(kyodo.db, { roll: ballot.roll.filter((r) => !seatIds.includes(r.seatId)) }, personId, now)).toEqual([]);
  });

  it("finds the ballot awaiting the person with those seats", async () => {
    const awaiting = await ballotsAwaitingPerson(kyodo.db, kyodo.council.id, personId, now);
    expect(awaiting.map((a) => [a.ballot.id, a.seats.length])).toEqual([[ballotId, 2]]);
  });
});

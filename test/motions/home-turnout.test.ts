// The home screen counts turnout from the votes alone (issue #15: it used to read every seat of the roll with
// its people). Here a ballot with counted, changed, stale and recused votes: the counts of
// domain/motions/ballot-turnout.ts must equal those of the full ballotStatus, seat by seat.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ballotStatus } from "../../src/domain/motions/ballot-status.ts";
import { ballotTurnout, motionsMissingFor } from "../../src/domain/motions/ballot-turnout.ts";
import { castVotes } from "../../src/domain/motions/cast-votes.ts";
import { editMotion } from "../../src/domain/motions/edit-motion.ts";
import { loadBallot } from "../../src/domain/motions/find-ballot.ts";
import { recuseSeat } from "../../src/domain/motions/recuse-seat.ts";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";
import { createExampleBallot, jst, nameRepresentatives } from "./support.ts";

let kyodo: TestKyodo;
const now = jst("2026-11-24T10:00:00");
let ballotId: string;

beforeAll(async () => {
  kyodo = await startTestKyodo({}, { http: false, clock: () => now });
  await nameRepresentatives(kyodo, "sokai", 8);
  ballotId = (await createExampleBallot(kyodo, now)).id;
  const ballot = await loadBallot(kyodo.db, ballotId);
  const held = await kyodo.db.seat.findMany({
    where: { id: { in: ballot.roll.map((r) => r.seatId) }, representativeId: { not: null } },
    orderBy: { id: "asc" },
  });
  expect(held.length).toBeGreaterThanOrEqual(6);
  const all = (option: string) => ballot.motions.map((m) => ({ motionNumber: m.number, option }));
  const vote = (i: number, choices: Array<{ motionNumber: number; option: string }>) =>
    castVotes(kyodo.db, { ballotId, personId: held[i]!.representativeId!, seatId: held[i]!.id, choices, channel: "console" }, now);
  await vote(2, [{ motionNumber: 1, option: "for" }]); // one of four: three missing
  await vote(3, all("abstain")); // stale on motion 2 once it is edited: one missing
  await editMotion(kyodo.db, { ballotId, motionNumber: 2, title: "修正後の議案2", editedBy: "cli:test" }, now);
  await vote(0, all("for")); // complete
  await vote(1, all("for"));
  await vote(1, all("against")); // complete, changed once (the old votes are no longer current)
  await recuseSeat(kyodo.db, { ballotId, motionNumber: 4, bodyId: held[4]!.bodyId, actor: "cli:test" }, now);
  await vote(
    4,
    ballot.motions.filter((m) => m.number !== 4).map((m) => ({ motionNumber: m.number, option: "for" })),
  ); // complete: recused from 4
});
afterAll(async () => {
  await kyodo?.dispose();
});

describe("turnout for the home screen", () => {
  it("counts each seat's missing motions as the full status does", async () => {
    const ballot = await loadBallot(kyodo.db, ballotId);
    const status = await ballotStatus(kyodo.db, ballot, now);
    const missing = await motionsMissingFor(
      kyodo.db,
      ballot,
      ballot.roll.map((r) => r.seatId),
    );
    const expected = new Map(status.seats.map((s) => [s.seatId, s.missing.length]));
    expect(missing).toEqual(expected);
    // The situations above are there: a seat with one stale vote, a recused one complete, an untouched one.
    expect([...missing.values()].filter((n) => n === 0).length).toBe(3);
    expect([...missing.values()]).toContain(1);
    expect([...missing.values()]).toContain(3);
  });

  it("counts complete seats and the roll as the full status does", async () => {
    const ballot = await loadBallot(kyodo.db, ballotId);
    const status = await ballotStatus(kyodo.db, ballot, now);
    expect(await ballotTurnout(kyodo.db, ballot)).toEqual({ complete: status.complete, total: status.total });
    expect(status.complete).toBe(3);
  });
});

// A vote re-checks its ballot inside its own transaction in one statement (domain/motions/ballot-unchanged.ts,
// issue #15) instead of loading it again. Every change a ballot can undergo must show: an edited motion, a
// recusal, a moved deadline, the close. And a vote handed a ballot loaded before such a change obeys the
// change: refused once closed, recorded against the edited wording's version — on both providers.
import { afterAll, beforeAll, expect, it } from "vitest";
import { ballotUnchanged } from "../../src/domain/motions/ballot-unchanged.ts";
import { castVotes } from "../../src/domain/motions/cast-votes.ts";
import { closeBallot } from "../../src/domain/motions/close-ballot.ts";
import { editMotion } from "../../src/domain/motions/edit-motion.ts";
import { setBallotDeadline } from "../../src/domain/motions/extend-ballot.ts";
import { loadBallot, type LoadedBallot } from "../../src/domain/motions/find-ballot.ts";
import { recuseSeat } from "../../src/domain/motions/recuse-seat.ts";
import { describeEachProvider } from "../support/postgres.ts";
import type { TestKyodo } from "../support/test-kyodo.ts";
import { createExampleBallot, jst, nameRepresentatives, ZONE } from "./support.ts";

describeEachProvider("a vote's check that its ballot is unchanged", (provider) => {
  let kyodo: TestKyodo;
  const now = jst("2026-11-24T10:00:00");
  let ballotId: string;
  let voter: { personId: string; seatId: string };

  const vote = (loaded: LoadedBallot, motionNumber = 1) =>
    castVotes(
      kyodo.db,
      { ballotId, personId: voter.personId, seatId: voter.seatId, choices: [{ motionNumber, option: "for" }], channel: "console", loaded },
      now,
    );

  beforeAll(async () => {
    kyodo = await provider.startKyodo({}, { http: false, clock: () => now });
    await nameRepresentatives(kyodo, "sokai", 2);
    ballotId = (await createExampleBallot(kyodo, now)).id;
    const roll = (await loadBallot(kyodo.db, ballotId)).roll.map((r) => r.seatId);
    const seat = await kyodo.db.seat.findFirstOrThrow({
      where: { id: { in: roll }, representativeId: { not: null } },
      orderBy: { id: "asc" },
    });
    voter = { personId: seat.representativeId!, seatId: seat.id };
  }, 120_000);
  afterAll(async () => {
    await kyodo?.dispose();
  });

  it("sees an unchanged ballot as unchanged, and each kind of change as a change", async () => {
    let loaded = await loadBallot(kyodo.db, ballotId);
    expect(await ballotUnchanged(kyodo.db, loaded)).toBe(true);

    await editMotion(kyodo.db, { ballotId, motionNumber: 2, title: "修正後の議案2", editedBy: "cli:test" }, now);
    expect(await ballotUnchanged(kyodo.db, loaded)).toBe(false);
    loaded = await loadBallot(kyodo.db, ballotId);
    expect(await ballotUnchanged(kyodo.db, loaded)).toBe(true);

    const other = loaded.roll.find((r) => r.seatId !== voter.seatId)!;
    await recuseSeat(kyodo.db, { ballotId, motionNumber: 3, bodyId: other.bodyId, actor: "cli:test" }, now);
    expect(await ballotUnchanged(kyodo.db, loaded)).toBe(false);
    loaded = await loadBallot(kyodo.db, ballotId);

    await setBallotDeadline(
      kyodo.db,
      { ballotId, deadline: new Date(loaded.deadline.getTime() + 86_400_000), actor: "cli:test" },
      now,
      ZONE,
    );
    expect(await ballotUnchanged(kyodo.db, loaded)).toBe(false);
  });

  it("records a vote on a ballot loaded before an edit against the edited version", async () => {
    const before = await loadBallot(kyodo.db, ballotId);
    await editMotion(kyodo.db, { ballotId, motionNumber: 1, title: "修正後の議案1", editedBy: "cli:test" }, now);
    const receipt = await vote(before);
    expect(receipt.recorded).toHaveLength(1);
    const recorded = await kyodo.db.motionVote.findFirstOrThrow({ where: { ballotId, seatId: voter.seatId, current: true } });
    expect(recorded.motionVersion).toBe(before.motions[0]!.version + 1);
    expect(receipt.ballot.motions[0]!.title).toBe("修正後の議案1");
    // The receipt carries the seat's current votes as they now stand (the answer asks the next motion from them).
    const current = await kyodo.db.motionVote.findMany({ where: { ballotId, seatId: voter.seatId, current: true } });
    expect(receipt.seatVotes.map((v) => v.id).sort()).toEqual(current.map((v) => v.id).sort());
  });

  it("refuses a vote on a ballot loaded before it closed", async () => {
    const before = await loadBallot(kyodo.db, ballotId);
    await closeBallot(kyodo.db, ballotId, now, "secretariat");
    await expect(vote(before, 2)).rejects.toMatchObject({ key: "motions.closed" });
    expect(await kyodo.db.motionVote.count({ where: { ballotId, seatId: voter.seatId } })).toBe(1);
  });
});

// Turnout counted from the votes alone, for the home screen (issue #15). ballotStatus reads every seat of the
// roll with its body, representative and alternates — 2,000 seats on a national council, about 100 ms of CPU —
// to name who has not voted; a person's home needs only "how many motions are still open for my seats" and the
// secretariat's progress bar only "how many seats are complete". The rule is ballotStatus's: a motion is
// missing for a seat not recused from it when the seat has no current vote on it that counts (counted-vote.ts:
// not stale, for an option the motion has).
import type { DbOrTx } from "../../storage/database.ts";
import { findInSlices } from "../../storage/chunked.ts";
import { countedVoteKeys } from "./counted-vote.ts";
import type { LoadedBallot } from "./find-ballot.ts";

type Counted = Pick<LoadedBallot, "id" | "motions" | "roll">;

/** Motions each of these seats still has to vote on (stale votes included), by seat id. */
export async function motionsMissingFor(db: DbOrTx, ballot: Counted, seatIds: string[]): Promise<Map<string, number>> {
  const votes = await findInSlices(seatIds, (ids) =>
    db.motionVote.findMany({
      where: { ballotId: ballot.id, current: true, stale: false, seatId: { in: ids } },
      select: { motionId: true, seatId: true, choice: true, stale: true },
    }),
  );
  const counted = countedVoteKeys(ballot.motions, votes);
  return new Map(seatIds.map((seatId) => [seatId, missingOf(ballot, seatId, counted)]));
}

/** Seats of the roll with nothing left to vote on, and the roll's size (ballotStatus's complete and total). */
export async function ballotTurnout(db: DbOrTx, ballot: Counted): Promise<{ complete: number; total: number }> {
  const votes = await db.motionVote.findMany({
    where: { ballotId: ballot.id, current: true, stale: false },
    select: { motionId: true, seatId: true, choice: true, stale: true },
  });
  const counted = countedVoteKeys(ballot.motions, votes);
  const complete = ballot.roll.filter((entry) => missingOf(ballot, entry.seatId, counted) === 0).length;
  return { complete, total: ballot.roll.length };
}

function missingOf(ballot: Counted, seatId: string, counted: Set<string>): number {
  return ballot.motions.filter((m) => !m.recusedSeatIds.has(seatId) && !counted.has(`${m.id}:${seatId}`)).length;
}

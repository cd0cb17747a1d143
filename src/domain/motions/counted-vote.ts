// Which stored votes count. One rule for the tally, turnout, reminders, the voter's own conversation and the
// records: a seat has voted on a motion when its current vote is not stale (cast on wording since changed) and
// names an option the motion has. A vote for an option the motion does not have cannot come from the vote use
// case (written by hand, by an older version, or left after the options were changed); it is not guessed at:
// it counts as no vote — the tally ignores it, the seat is still asked and reminded — and is shown as invalid.
import type { MotionOption } from "./motion-options.ts";
import { findOption } from "./motion-options.ts";

export interface StoredVote {
  choice: string;
  stale: boolean;
}

/** The vote names an option the motion does not have. */
export function isInvalidVote(motion: { options: MotionOption[] }, vote: Pick<StoredVote, "choice">): boolean {
  return findOption(motion.options, vote.choice) === undefined;
}

/** A current vote counts as the seat's vote on the motion: not stale and for one of the motion's options. */
export function countsAsVote(motion: { options: MotionOption[] }, vote: StoredVote | undefined): boolean {
  return vote !== undefined && !vote.stale && !isInvalidVote(motion, vote);
}

/**
 * The `motionId:seatId` keys of the current votes that count, for callers that read votes by key without the
 * rest of the row (turnout, the early close). Votes on motions not given are left out.
 */
export function countedVoteKeys(
  motions: ReadonlyArray<{ id: string; options: MotionOption[] }>,
  votes: ReadonlyArray<StoredVote & { motionId: string; seatId: string }>,
): Set<string> {
  const byId = new Map(motions.map((m) => [m.id, m]));
  const keys = new Set<string>();
  for (const vote of votes) {
    const motion = byId.get(vote.motionId);
    if (motion && countsAsVote(motion, vote)) keys.add(`${vote.motionId}:${vote.seatId}`);
  }
  return keys;
}

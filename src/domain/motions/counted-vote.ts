// Which stored votes count. One rule for the tally, turnout, reminders, the voter's own conversation and the
// records: a seat has voted on a motion when its current vote is not stale (cast on wording since changed) and
// names an option the motion has. A vote for an option the motion does not have cannot come from the vote use
// case (written by hand, by an older version, or left after the options were changed); it is not guessed at:
// it counts as no vote — the tally ignores it, the seat is still asked and reminded — and is shown as invalid.
import { StoredJsonError } from "../../lib/json-column.ts";
import { findOption, parseOptions, type MotionOption } from "./motion-options.ts";

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

/**
 * For counts read straight from the tables (home, usage reports): a vote counts unless its motion's stored options
 * can be read and do not include its choice. A motion whose options cannot be read cannot judge its votes; they
 * are counted as they were, and the ballot's own page and results name the damaged row.
 */
export function votesCountedByStoredOptions<V extends { motionId: string; choice: string }>(
  motions: ReadonlyArray<{ id: string; options: string }>,
  votes: readonly V[],
): V[] {
  const optionsOf = new Map<string, MotionOption[] | undefined>();
  for (const motion of motions) {
    try {
      optionsOf.set(motion.id, parseOptions(motion.options, `Motion ${motion.id}.options`));
    } catch (error) {
      if (!(error instanceof StoredJsonError)) throw error;
    }
  }
  return votes.filter((vote) => {
    const options = optionsOf.get(vote.motionId);
    return !options || !isInvalidVote({ options }, vote);
  });
}

// A closed ballot's results as far as its record can be read. A motion's recorded tally (Motion.tally) that
// does not parse or has an older shape is not guessed at: the readable motions keep their recorded result, the
// unreadable ones are named with the row, and a recount from the stored votes — under the same rules and code
// as the close — is offered beside them, marked as not the record. Chat, the CLI and the console all read the
// record through here, so none of them fails on one damaged row nor shows a recount as if it were the result.
import { StoredJsonError } from "../../lib/json-column.ts";
import type { MotionResult } from "./ballot-notices.ts";
import type { currentVotes, LoadedBallot, LoadedMotion } from "./find-ballot.ts";
import { readTally, tallyMotion } from "./tally.ts";

type CurrentVotes = Awaited<ReturnType<typeof currentVotes>>;

export interface UnreadableTally {
  motion: LoadedMotion;
  /** the row and column, e.g. `Motion ck….tally`, for the message and the log */
  where: string;
  problem: string;
}

export interface ReadableRecord {
  /** the ballot with the unreadable tallies left out (tally null), for code that reads every motion's tally */
  ballot: LoadedBallot;
  /** the recorded results that can be read */
  recorded: MotionResult[];
  unreadable: UnreadableTally[];
}

/** Splits a ballot's recorded tallies into those that can be read and those that cannot. Pure. */
export function readableRecord(ballot: LoadedBallot): ReadableRecord {
  const recorded: MotionResult[] = [];
  const unreadable: UnreadableTally[] = [];
  for (const motion of ballot.motions) {
    if (motion.tally === null) continue;
    try {
      recorded.push({ motion, tally: readTally(motion.tally, `Motion ${motion.id}.tally`) });
    } catch (error) {
      if (!(error instanceof StoredJsonError)) throw error;
      unreadable.push({ motion, where: error.where, problem: error.message });
    }
  }
  if (unreadable.length === 0) return { ballot, recorded, unreadable };
  const ids = new Set(unreadable.map((u) => u.motion.id));
  const readable = { ...ballot, motions: ballot.motions.map((m) => (ids.has(m.id) ? { ...m, tally: null } : m)) };
  return {
    ballot: readable,
    recorded: recorded.map((r) => ({ ...r, motion: readable.motions.find((m) => m.id === r.motion.id)! })),
    unreadable,
  };
}

/**
 * What the tally is from the current votes (stale ones left out, as the close leaves them out): the provisional
 * result of an open ballot, or the recount of a closed motion whose record cannot be read. Pure.
 */
export function tallyFromVotes(ballot: LoadedBallot, votes: CurrentVotes, motions: LoadedMotion[] = ballot.motions): MotionResult[] {
  return motions.map((motion) => {
    const roll = ballot.roll
      .filter((s) => !motion.recusedSeatIds.has(s.seatId))
      .map((s) => ({ seatId: s.seatId, chair: s.role === "chair" }));
    const cast = new Map([...(votes.get(motion.id)?.values() ?? [])].filter((v) => !v.stale).map((v) => [v.seatId, v.choice]));
    return { motion, tally: tallyMotion({ rules: ballot.rules, options: motion.options, roll, votes: cast }) };
  });
}

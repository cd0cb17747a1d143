// Live turnout of a ballot for the secretariat: per motion, how many seats have a counted vote; per seat,
// who holds it and which motions it has not voted on yet (a stale vote needs voting again, and a vote for an
// option the motion does not have is no vote: counted-vote.ts).
import type { DbOrTx } from "../../storage/database.ts";
import { countsAsVote, isInvalidVote } from "./counted-vote.ts";
import { delegationActive } from "../organs/set-alternate.ts";
import { ballotPhase, currentVotes, type LoadedBallot } from "./find-ballot.ts";
import { findInSlices } from "../../storage/chunked.ts";

export interface SeatStatus {
  seatId: string;
  bodyId: string;
  bodyName: string;
  bodyCode: string | null;
  role: string;
  /** display names of who may vote now: the representative and delegated alternates */
  holders: string[];
  /** motions it still has to vote on (stale votes included) */
  missing: number[];
  /** motions whose vote went stale after an edit */
  stale: number[];
  /** motions whose current vote names an option the motion does not have (missing too) */
  invalid: number[];
  complete: boolean;
}

/** A current vote that names an option its motion does not have: not counted, shown as invalid. */
export interface InvalidVote {
  voteId: string;
  seatId: string;
  bodyName: string;
  motionNumber: number;
  choice: string;
  /** the row, for the log: `MotionVote <id>.choice` */
  where: string;
}

export async function ballotStatus(db: DbOrTx, ballot: LoadedBallot, now: Date) {
  const votes = await currentVotes(db, ballot.id);
  const seats = await findInSlices(
    ballot.roll.map((r) => r.seatId),
    (ids) =>
      db.seat.findMany({
        where: { id: { in: ids } },
        include: { body: true, representative: true, alternates: { include: { person: true } } },
      }),
  );
  const seatById = new Map(seats.map((s) => [s.id, s]));
  const seatStatus: SeatStatus[] = ballot.roll.map((entry) => {
    const seat = seatById.get(entry.seatId);
    const holders = seat
      ? [
          seat.representative?.displayName,
          ...seat.alternates.filter((a) => delegationActive(a, now)).map((a) => a.person.displayName),
        ].filter((n): n is string => Boolean(n))
      : [];
    const missing: number[] = [];
    const stale: number[] = [];
    const invalid: number[] = [];
    for (const motion of ballot.motions) {
      if (motion.recusedSeatIds.has(entry.seatId)) continue;
      const vote = votes.get(motion.id)?.get(entry.seatId);
      if (!countsAsVote(motion, vote)) missing.push(motion.number);
      if (vote?.stale) stale.push(motion.number);
      else if (vote && isInvalidVote(motion, vote)) invalid.push(motion.number);
    }
    return {
      seatId: entry.seatId,
      bodyId: entry.bodyId,
      bodyName: seat?.body.name ?? "?",
      bodyCode: seat?.body.code ?? null,
      role: entry.role,
      holders,
      missing,
      stale,
      invalid,
      complete: missing.length === 0,
    };
  });
  seatStatus.sort((a, b) => (a.bodyCode ?? "999999").localeCompare(b.bodyCode ?? "999999"));
  const motions = ballot.motions.map((motion) => {
    const eligible = ballot.roll.filter((s) => !motion.recusedSeatIds.has(s.seatId));
    const counted = eligible.filter((s) => countsAsVote(motion, votes.get(motion.id)?.get(s.seatId))).length;
    return { motion, eligible: eligible.length, voted: counted };
  });
  const invalidVotes: InvalidVote[] = seatStatus.flatMap((seat) =>
    seat.invalid.map((number) => {
      const motion = ballot.motions.find((m) => m.number === number)!;
      const vote = votes.get(motion.id)!.get(seat.seatId)!;
      return {
        voteId: vote.id,
        seatId: seat.seatId,
        bodyName: seat.bodyName,
        motionNumber: number,
        choice: vote.choice,
        where: `MotionVote ${vote.id}.choice`,
      };
    }),
  );
  return {
    ballot,
    phase: ballotPhase(ballot, now),
    motions,
    seats: seatStatus,
    pending: seatStatus.filter((s) => !s.complete),
    complete: seatStatus.filter((s) => s.complete).length,
    total: seatStatus.length,
    /** current votes for an option their motion does not have (not counted; their seats are still asked) */
    invalidVotes,
    /** the current votes it was computed from (motion → seat → vote), for callers that show them */
    votes,
  };
}

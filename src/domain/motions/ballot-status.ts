// Live turnout of a ballot for the secretariat: per motion, how many seats have a counted vote; per seat,
// who holds it and which motions it has not voted on yet (a stale vote needs voting again).
import type { DbOrTx } from "../../storage/database.ts";
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
  complete: boolean;
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
    for (const motion of ballot.motions) {
      if (motion.recusedSeatIds.has(entry.seatId)) continue;
      const vote = votes.get(motion.id)?.get(entry.seatId);
      if (!vote || vote.stale) missing.push(motion.number);
      if (vote?.stale) stale.push(motion.number);
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
      complete: missing.length === 0,
    };
  });
  seatStatus.sort((a, b) => (a.bodyCode ?? "999999").localeCompare(b.bodyCode ?? "999999"));
  const motions = ballot.motions.map((motion) => {
    const eligible = ballot.roll.filter((s) => !motion.recusedSeatIds.has(s.seatId));
    const counted = eligible.filter((s) => {
      const vote = votes.get(motion.id)?.get(s.seatId);
      return vote && !vote.stale;
    }).length;
    return { motion, eligible: eligible.length, voted: counted };
  });
  return {
    ballot,
    phase: ballotPhase(ballot, now),
    motions,
    seats: seatStatus,
    pending: seatStatus.filter((s) => !s.complete),
    complete: seatStatus.filter((s) => s.complete).length,
    total: seatStatus.length,
    /** the current votes it was computed from (motion → seat → vote), for callers that show them */
    votes,
  };
}

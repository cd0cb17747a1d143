// Recusal (除斥): a seat with an interest in one motion does not vote on it. It leaves that motion's roll,
// so it counts neither for the quorum nor in the votes; a vote it already cast stays in the record unused.
import type { Db } from "../../storage/database.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";
import { DomainError } from "../errors.ts";
import { closeBallot } from "./close-ballot.ts";
import { everySeatHasVoted } from "./cast-votes.ts";
import { ballotPhase, findMotion, loadBallot } from "./find-ballot.ts";

export async function recuseSeat(
  db: Db,
  input: { ballotId: string; motionNumber: number; bodyId: string; reason?: string; actor: string },
  now: Date,
) {
  const ballot = await db.$transaction(async (tx) => {
    const ballot = await loadBallot(tx, input.ballotId);
    if (ballotPhase(ballot, now) === "closed") throw new DomainError("motions.closed", { number: ballot.number });
    const motion = findMotion(ballot, input.motionNumber);
    const seat = ballot.roll.find((s) => s.bodyId === input.bodyId);
    if (!seat) throw new DomainError("motions.recusedNotOnRoll", { number: motion.number });
    if (motion.recusedSeatIds.has(seat.seatId)) throw new DomainError("motions.alreadyRecused", { number: motion.number });
    await tx.motionRecusal.create({
      data: { motionId: motion.id, seatId: seat.seatId, reason: input.reason?.trim() || null, createdBy: input.actor },
    });
    await appendAuditEntry(tx, {
      actor: input.actor,
      action: "motions.recuse",
      subject: `ballot:${ballot.id}`,
      at: now,
      payload: { motion: motion.number, seatId: seat.seatId, bodyId: seat.bodyId, reason: input.reason ?? null },
    });
    return ballot;
  });
  // The recused seat may have been the last one missing.
  if (ballot.rules.earlyClose && ballotPhase(ballot, now) === "open" && (await everySeatHasVoted(db, ballot.id)))
    await closeBallot(db, ballot.id, now, "all_voted");
}

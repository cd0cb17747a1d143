// Closing a ballot — at its deadline (the scheduler), early when every seat has voted, or by the
// secretariat: tallies each motion under the ballot's rules, records the outcome and the tally, audits,
// and queues the result notice to the organ, all in one transaction. Safe to call twice: only the call
// that flips closedAt does anything.
import type { Db } from "../../storage/database.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";
import { cancelDeadline } from "../reminders/register-deadline.ts";
import { queueBallotNotice, resultNotice, type MotionResult } from "./ballot-notices.ts";
import { BALLOT_SUBJECT, loadBallot, type LoadedBallot } from "./find-ballot.ts";
import { readTally, tallyMotion } from "./tally.ts";

export type CloseReason = "deadline" | "all_voted" | "secretariat";

export async function closeBallot(db: Db, ballotId: string, now: Date, reason: CloseReason, actor = "system:motions") {
  const closed = await db.$transaction(async (tx) => {
    const { count } = await tx.ballot.updateMany({
      where: { id: ballotId, closedAt: null },
      data: { closedAt: now, closedReason: reason },
    });
    if (count === 0) return undefined;
    const ballot = await loadBallot(tx, ballotId);
    // Stale votes (cast on wording that has since changed) do not count; their seats were asked again.
    const votes = await tx.motionVote.findMany({ where: { ballotId, current: true, stale: false } });
    const results: MotionResult[] = ballot.motions.map((motion) => {
      const roll = ballot.roll
        .filter((s) => !motion.recusedSeatIds.has(s.seatId))
        .map((s) => ({ seatId: s.seatId, chair: s.role === "chair" }));
      const cast = new Map(votes.filter((v) => v.motionId === motion.id).map((v) => [v.seatId, v.choice]));
      return { motion, tally: tallyMotion({ rules: ballot.rules, options: motion.options, roll, votes: cast }) };
    });
    for (const { motion, tally } of results) {
      await tx.motion.update({ where: { id: motion.id }, data: { outcome: tally.outcome, tally: JSON.stringify(tally) } });
      motion.outcome = tally.outcome;
    }
    await appendAuditEntry(tx, {
      actor,
      action: "motions.ballot.close",
      subject: `ballot:${ballot.id}`,
      at: now,
      payload: {
        reason,
        results: results.map(({ motion, tally }) => ({
          number: motion.number,
          version: motion.version,
          outcome: tally.outcome,
          for: tally.for,
          against: tally.against,
          abstain: tally.abstain,
          deemed: tally.deemed,
          voted: tally.voted,
          eligible: tally.eligible,
          decidedByChair: tally.decidedByChair,
        })),
      },
    });
    const council = await tx.council.findUniqueOrThrow({ where: { id: ballot.councilId } });
    // Besides the seats' current holders: the secretariat member who created it, and everyone who voted on it —
    // an alternate whose delegation has since ended, the representative whose vote closed it.
    const creator = ballot.createdBy.startsWith("person:") ? [ballot.createdBy.slice("person:".length)] : [];
    const voters = (await tx.motionVote.findMany({ where: { ballotId }, distinct: ["personId"], select: { personId: true } })).map(
      (v) => v.personId,
    );
    await queueBallotNotice(tx, {
      source: `ballot-result:${ballot.id}`,
      ballot,
      render: resultNotice(ballot, results, now, council.timezone),
      now,
      personIds: [...creator, ...voters],
      toGroups: true,
    });
    return { ballot, results };
  });
  // Reminders not yet sent would chase a closed ballot; the deadline's own close job simply finds it closed.
  if (closed && reason !== "deadline") await cancelDeadline(db, BALLOT_SUBJECT, ballotId, now);
  return { closedNow: Boolean(closed), ballot: closed?.ballot, results: closed?.results };
}

/** The recorded results of a closed ballot (empty while it is open). */
export function recordedResults(ballot: LoadedBallot): MotionResult[] {
  return ballot.motions.filter((m) => m.tally).map((motion) => ({ motion, tally: readTally(motion.tally!, `Motion ${motion.id}.tally`) }));
}

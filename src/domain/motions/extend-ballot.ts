// Moving a ballot's deadline (usually extending it) while it is not closed: reminders not yet sent are
// re-planned on the public-office calendar, and so is the automatic close.
import type { Db } from "../../storage/database.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";
import { DomainError } from "../errors.ts";
import { moveDeadline } from "../reminders/register-deadline.ts";
import { ballotLabel, ballotPhase, BALLOT_SUBJECT, loadBallot } from "./find-ballot.ts";

export async function setBallotDeadline(db: Db, input: { ballotId: string; deadline: Date; actor: string }, now: Date, zone: string) {
  const ballot = await db.$transaction(async (tx) => {
    const ballot = await loadBallot(tx, input.ballotId);
    if (ballotPhase(ballot, now) === "closed") throw new DomainError("motions.closed", { number: ballot.number });
    if (input.deadline <= now) throw new DomainError("reminders.deadlineInPast", {});
    if (input.deadline <= ballot.opensAt) throw new DomainError("motions.deadlineBeforeOpening", {});
    await tx.ballot.update({ where: { id: ballot.id }, data: { deadline: input.deadline } });
    await appendAuditEntry(tx, {
      actor: input.actor,
      action: "motions.ballot.deadline",
      subject: `ballot:${ballot.id}`,
      at: now,
      payload: { from: ballot.deadline.toISOString(), to: input.deadline.toISOString() },
    });
    return { ...ballot, deadline: input.deadline };
  });
  await moveDeadline(
    db,
    { councilId: ballot.councilId, subjectType: BALLOT_SUBJECT, subjectId: ballot.id, title: ballotLabel(ballot), dueAt: input.deadline },
    now,
    zone,
  );
  return ballot;
}

// Connects ballots to the scheduler: reminders go to seats that have not voted on every motion (or whose
// vote went stale), and the deadline closes the ballot — tally, outcome and result notice.
import type { ResponseTracker } from "../reminders/response-tracker.ts";
import { seatContacts } from "../reminders/contacts.ts";
import { ballotStatus } from "./ballot-status.ts";
import { closeBallot } from "./close-ballot.ts";
import { ballotLabel, BALLOT_SUBJECT, loadBallot } from "./find-ballot.ts";

export const ballotTracker: ResponseTracker = {
  subjectType: BALLOT_SUBJECT,
  async describe(db, id) {
    const ballot = await db.ballot.findUnique({ where: { id } });
    if (!ballot) return undefined;
    return { councilId: ballot.councilId, title: ballotLabel(ballot), dueAt: ballot.deadline, open: !ballot.closedAt };
  },
  async pending(db, id, now) {
    const ballot = await loadBallot(db, id);
    // Before a ballot opens nobody can vote yet, so nobody is chased.
    if (now < ballot.opensAt) return [];
    const status = await ballotStatus(db, ballot, now);
    const contacts = await seatContacts(
      db,
      status.pending.map((s) => s.seatId),
      now,
    );
    return status.pending.map((s) => contacts.get(s.seatId)).filter((p) => p !== undefined);
  },
  async answerCommand(db, id) {
    const ballot = await db.ballot.findUniqueOrThrow({ where: { id } });
    return `vote ${ballot.number}`;
  },
  async close(db, id, now) {
    await closeBallot(db, id, now, "deadline", "system:scheduler");
  },
};

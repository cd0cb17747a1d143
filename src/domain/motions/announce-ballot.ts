// Opening a ballot: the seats are called to vote (once — the announcedAt flag is set in the same
// transaction as the notices are queued). Runs at creation, or as a job when the ballot opens later.
import { z } from "zod";
import type { Db, DbOrTx } from "../../storage/database.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";
import { openingNotice, queueBallotNotice } from "./ballot-notices.ts";
import { loadBallot } from "./find-ballot.ts";

export const OPEN_BALLOT_JOB = "motions.ballot.open";
export const openBallotPayload = z.object({ ballotId: z.string() });

/** Announces inside the caller's transaction; returns false when it was already announced or closed. */
export async function announceInTransaction(tx: DbOrTx, ballotId: string, now: Date): Promise<boolean> {
  const { count } = await tx.ballot.updateMany({ where: { id: ballotId, announcedAt: null, closedAt: null }, data: { announcedAt: now } });
  if (count === 0) return false;
  const ballot = await loadBallot(tx, ballotId);
  const council = await tx.council.findUniqueOrThrow({ where: { id: ballot.councilId } });
  const queued = await queueBallotNotice(tx, {
    source: `ballot-open:${ballot.id}`,
    ballot,
    render: openingNotice(ballot, council.timezone),
    now,
    toGroups: true,
  });
  await appendAuditEntry(tx, {
    actor: "system:motions",
    action: "motions.ballot.open",
    subject: `ballot:${ballot.id}`,
    at: now,
    payload: { queued: queued.queued, groups: queued.groups, unreachable: queued.unreachable.length },
  });
  return true;
}

export async function announceBallot(db: Db, ballotId: string, now: Date): Promise<boolean> {
  return db.$transaction((tx) => announceInTransaction(tx, ballotId, now));
}

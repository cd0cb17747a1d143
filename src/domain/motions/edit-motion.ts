// Editing a motion's wording while its ballot is open. The old wording stays as a revision; votes already
// cast on it are marked stale — they no longer count — and their voters are asked to vote again.
import type { Db } from "../../storage/database.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";
import { DomainError } from "../errors.ts";
import { queueBallotNotice, revoteNotice } from "./ballot-notices.ts";
import { sha256 } from "./create-ballot.ts";
import { ballotPhase, findMotion, loadBallot, type Attachment } from "./find-ballot.ts";

export interface MotionEditInput {
  ballotId: string;
  motionNumber: number;
  title?: string;
  text?: string;
  attachments?: Attachment[];
  /** person:<id> or cli:<user> */
  editedBy: string;
}

export async function editMotion(db: Db, input: MotionEditInput, now: Date) {
  return db.$transaction(async (tx) => {
    const ballot = await loadBallot(tx, input.ballotId);
    if (ballotPhase(ballot, now) === "closed" || ballotPhase(ballot, now) === "awaiting_close")
      throw new DomainError("motions.closed", { number: ballot.number });
    const motion = findMotion(ballot, input.motionNumber);
    const title = input.title?.trim() ?? motion.title;
    const text = input.text?.trim() ?? motion.text;
    const attachments = input.attachments ?? motion.attachments;
    if (title.length === 0 || title.length > 300) throw new DomainError("motions.badMotionTitle", { number: motion.number });
    if (title === motion.title && text === motion.text && JSON.stringify(attachments) === JSON.stringify(motion.attachments)) {
      throw new DomainError("motions.nothingChanged", { number: motion.number });
    }
    const version = motion.version + 1;
    await tx.motion.update({ where: { id: motion.id }, data: { title, text, attachments: JSON.stringify(attachments), version } });
    await tx.motionRevision.create({
      data: {
        motionId: motion.id,
        version,
        title,
        text,
        attachments: JSON.stringify(attachments),
        editedBy: input.editedBy,
        editedAt: now,
      },
    });
    const stale = await tx.motionVote.findMany({ where: { motionId: motion.id, current: true, stale: false } });
    // The same rows by their condition, not by an id list (which SQLite bounds).
    await tx.motionVote.updateMany({ where: { motionId: motion.id, current: true, stale: false }, data: { stale: true } });
    await appendAuditEntry(tx, {
      actor: input.editedBy,
      action: "motions.motion.edit",
      subject: `ballot:${ballot.id}`,
      at: now,
      payload: { motion: motion.number, motionId: motion.id, version, title, textSha256: sha256(text), staleVotes: stale.map((v) => v.id) },
    });
    const edited = { ...motion, title, text, attachments, version };
    let notified = 0;
    if (stale.length > 0) {
      const council = await tx.council.findUniqueOrThrow({ where: { id: ballot.councilId } });
      const queued = await queueBallotNotice(tx, {
        source: `motion-edit:${motion.id}:${version}`,
        ballot,
        render: revoteNotice(ballot, edited, council.timezone),
        now,
        seatIds: [...new Set(stale.map((v) => v.seatId))],
        personIds: stale.map((v) => v.personId),
        toGroups: false,
      });
      notified = queued.queued;
    }
    return { ballot, motion: edited, staleVotes: stale.length, notified };
  });
}

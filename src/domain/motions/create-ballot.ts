// The secretariat puts one or more motions to an organ's seats: the voter roll is fixed from the organ's
// seats, each motion's first wording is kept as revision 1, and reminders and the automatic close are
// planned. A ballot that opens now calls the seats to vote at once; a later one is announced by a job.
import { createHash } from "node:crypto";
import { enqueueJob } from "../../jobs/job-store.ts";
import type { Db } from "../../storage/database.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";
import { DomainError } from "../errors.ts";
import { registerDeadline } from "../reminders/register-deadline.ts";
import { announceInTransaction, OPEN_BALLOT_JOB } from "./announce-ballot.ts";
import { ballotRulesSchema, type BallotRules } from "./ballot-rules.ts";
import { ballotLabel, BALLOT_SUBJECT, loadBallot, type Attachment } from "./find-ballot.ts";
import { DEFAULT_OPTIONS, motionOptionsSchema, type MotionOption } from "./motion-options.ts";

export interface MotionInput {
  /** 議案 number; defaults to the position (1, 2, …) */
  number?: number;
  title: string;
  text?: string;
  attachments?: Attachment[];
  options?: MotionOption[];
  /** bodies whose seats do not vote on this motion */
  recusedBodyIds?: string[];
}

export interface BallotInput {
  councilId: string;
  organId: string;
  title: string;
  /** default: now */
  opensAt?: Date;
  deadline: Date;
  rules?: Partial<BallotRules>;
  motions: MotionInput[];
  /** person:<id> or cli:<user> */
  createdBy: string;
  reminderOffsets?: number[];
  reminderTime?: string;
}

export const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

export async function createBallot(db: Db, input: BallotInput, now: Date, zone: string) {
  const title = input.title.trim();
  if (title.length === 0 || title.length > 200) throw new DomainError("motions.badTitle", {});
  if (input.motions.length === 0 || input.motions.length > 30) throw new DomainError("motions.badMotionCount", {});
  const opensAt = input.opensAt ?? now;
  if (input.deadline <= now) throw new DomainError("reminders.deadlineInPast", {});
  if (input.deadline <= opensAt) throw new DomainError("motions.deadlineBeforeOpening", {});
  const rules = ballotRulesSchema.parse(input.rules ?? {});
  const motions = input.motions.map((m, index) => {
    const options = motionOptionsSchema.safeParse(m.options ?? DEFAULT_OPTIONS);
    if (!options.success) throw new DomainError("motions.badOptions", { number: m.number ?? index + 1 });
    const motionTitle = m.title.trim();
    if (motionTitle.length === 0 || motionTitle.length > 300)
      throw new DomainError("motions.badMotionTitle", { number: m.number ?? index + 1 });
    return {
      number: m.number ?? index + 1,
      title: motionTitle,
      text: m.text?.trim() ?? "",
      attachments: m.attachments ?? [],
      options: options.data,
      recusedBodyIds: m.recusedBodyIds ?? [],
    };
  });
  const numbers = motions.map((m) => m.number);
  if (new Set(numbers).size !== numbers.length) throw new DomainError("motions.duplicateMotionNumber", {});

  const ballotId = await db.$transaction(async (tx) => {
    const organ = await tx.organ.findUniqueOrThrow({ where: { id: input.organId } });
    if (organ.dissolvedAt) throw new DomainError("organs.dissolved", { name: organ.name });
    const seats = await tx.seat.findMany({ where: { organId: organ.id }, include: { body: true } });
    if (seats.length === 0) throw new DomainError("motions.noSeats", { organ: organ.name });
    const seatOfBody = new Map(seats.map((s) => [s.bodyId, s]));
    const last = await tx.ballot.findFirst({
      where: { councilId: input.councilId },
      orderBy: { number: "desc" },
      select: { number: true },
    });
    const ballot = await tx.ballot.create({
      data: {
        councilId: input.councilId,
        number: (last?.number ?? 0) + 1,
        title,
        organId: organ.id,
        rules: JSON.stringify(rules),
        opensAt,
        deadline: input.deadline,
        createdBy: input.createdBy,
        roll: { create: seats.map((s) => ({ seatId: s.id, bodyId: s.bodyId, role: s.role })) },
      },
    });
    for (const m of motions) {
      const attachments = JSON.stringify(m.attachments);
      const motion = await tx.motion.create({
        data: {
          ballotId: ballot.id,
          number: m.number,
          title: m.title,
          text: m.text,
          attachments,
          options: JSON.stringify(m.options),
          revisions: { create: { version: 1, title: m.title, text: m.text, attachments, editedBy: input.createdBy, editedAt: now } },
        },
      });
      for (const bodyId of new Set(m.recusedBodyIds)) {
        const seat = seatOfBody.get(bodyId);
        if (!seat) throw new DomainError("motions.recusedNotOnRoll", { number: m.number });
        await tx.motionRecusal.create({ data: { motionId: motion.id, seatId: seat.id, createdBy: input.createdBy } });
      }
    }
    await appendAuditEntry(tx, {
      actor: input.createdBy,
      action: "motions.ballot.create",
      subject: `ballot:${ballot.id}`,
      at: now,
      payload: {
        number: ballot.number,
        title,
        organId: organ.id,
        rules,
        opensAt: opensAt.toISOString(),
        deadline: input.deadline.toISOString(),
        roll: seats.map((s) => s.id),
        // The wording is fingerprinted here, so any later change to a motion shows against the chain.
        motions: motions.map((m) => ({
          number: m.number,
          title: m.title,
          textSha256: sha256(m.text),
          options: m.options.map((o) => o.key),
          recused: m.recusedBodyIds,
        })),
      },
    });
    if (opensAt <= now) await announceInTransaction(tx, ballot.id, now);
    else await enqueueJob(tx, { kind: OPEN_BALLOT_JOB, key: `ballot:${ballot.id}:open`, payload: { ballotId: ballot.id }, dueAt: opensAt });
    return ballot.id;
  });
  const ballot = await loadBallot(db, ballotId);
  await registerDeadline(
    db,
    {
      councilId: input.councilId,
      subjectType: BALLOT_SUBJECT,
      subjectId: ballot.id,
      title: ballotLabel(ballot),
      dueAt: ballot.deadline,
      reminderOffsets: input.reminderOffsets,
      reminderTime: input.reminderTime,
    },
    now,
    zone,
  );
  return ballot;
}

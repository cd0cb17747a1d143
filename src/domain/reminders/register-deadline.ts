// Registers (or moves) the deadline of something bodies must answer: plans its reminders on the
// public-office calendar and its automatic close, as jobs. Calling it again with a new date cancels the
// reminders not yet sent and plans new ones; reminders already sent stay sent.
import { readJsonColumn } from "../../lib/json-column.ts";
import { z } from "zod";
import { cancelJobs, enqueueJob } from "../../jobs/job-store.ts";
import type { Db } from "../../storage/database.ts";
import { DEFAULT_REMINDER_OFFSETS, planReminders } from "../calendar/reminder-plan.ts";
import { parseLocalTime } from "../calendar/zoned-time.ts";
import { DomainError } from "../errors.ts";

export const REMINDER_JOB = "deadline.reminder";
export const CLOSE_JOB = "deadline.close";

export const reminderPayload = z.object({ deadlineId: z.string(), offset: z.number().int(), index: z.number().int() });
export const closePayload = z.object({ deadlineId: z.string() });

/** Deadline.reminderOffsets: business days before the deadline, as registered. */
export function reminderOffsetsOf(deadline: { id: string; reminderOffsets: string }): number[] {
  return readJsonColumn(z.array(z.number().int().min(0)), deadline.reminderOffsets, `Deadline ${deadline.id}.reminderOffsets`);
}

export interface DeadlineInput {
  councilId: string;
  subjectType: string;
  subjectId: string;
  title: string;
  dueAt: Date;
  /** business days before the deadline; default 7, 3, 1 and the day itself */
  reminderOffsets?: number[];
  /** HH:MM local time; default 09:00 */
  reminderTime?: string;
  /** close the subject automatically at the deadline (default true) */
  autoClose?: boolean;
}

export async function registerDeadline(db: Db, input: DeadlineInput, now: Date, zone: string) {
  const offsets = input.reminderOffsets ?? [...DEFAULT_REMINDER_OFFSETS];
  if (offsets.some((o) => !Number.isInteger(o) || o < 0 || o > 60))
    throw new DomainError("reminders.badOffsets", { offsets: offsets.join(",") });
  const timeText = input.reminderTime ?? "09:00";
  const time = parseLocalTime(timeText);
  if (!time) throw new DomainError("reminders.badTime", { time: timeText });
  if (input.dueAt <= now) throw new DomainError("reminders.deadlineInPast", {});
  return db.$transaction(async (tx) => {
    const fields = {
      councilId: input.councilId,
      title: input.title,
      dueAt: input.dueAt,
      reminderOffsets: JSON.stringify(offsets),
      reminderTime: timeText,
      cancelledAt: null,
    };
    const deadline = await tx.deadline.upsert({
      where: { subjectType_subjectId: { subjectType: input.subjectType, subjectId: input.subjectId } },
      create: { subjectType: input.subjectType, subjectId: input.subjectId, ...fields },
      update: fields,
    });
    await cancelJobs(tx, `deadline:${deadline.id}:`);
    const plan = planReminders(input.dueAt, now, zone, offsets, time);
    for (const [index, reminder] of plan.entries()) {
      await enqueueJob(tx, {
        kind: REMINDER_JOB,
        key: `deadline:${deadline.id}:reminder:${reminder.offset}:${reminder.at.toISOString()}`,
        payload: { deadlineId: deadline.id, offset: reminder.offset, index },
        dueAt: reminder.at,
      });
    }
    if (input.autoClose !== false) {
      await enqueueJob(tx, {
        kind: CLOSE_JOB,
        key: `deadline:${deadline.id}:close:${input.dueAt.toISOString()}`,
        payload: { deadlineId: deadline.id },
        dueAt: input.dueAt,
      });
    }
    return { deadline, reminders: plan };
  });
}

/** A subject's deadline moved (extended, or reopened until a new one): the reminders and the automatic close
 *  are planned again for the new date with the reminder days and time chosen when the subject was opened. */
export async function moveDeadline(db: Db, input: Omit<DeadlineInput, "reminderOffsets" | "reminderTime">, now: Date, zone: string) {
  const previous = await db.deadline.findUnique({
    where: { subjectType_subjectId: { subjectType: input.subjectType, subjectId: input.subjectId } },
  });
  return registerDeadline(
    db,
    { ...input, reminderOffsets: previous ? reminderOffsetsOf(previous) : undefined, reminderTime: previous?.reminderTime },
    now,
    zone,
  );
}

export async function cancelDeadline(db: Db, subjectType: string, subjectId: string, now: Date): Promise<void> {
  await db.$transaction(async (tx) => {
    const deadline = await tx.deadline.findUnique({ where: { subjectType_subjectId: { subjectType, subjectId } } });
    if (!deadline) return;
    await tx.deadline.update({ where: { id: deadline.id }, data: { cancelledAt: now } });
    await cancelJobs(tx, `deadline:${deadline.id}:`);
  });
}

// The secretariat moves a survey's deadline: extending an open survey, or reopening a closed one until a
// new deadline. Either way the scheduler's reminders and automatic close are planned again. Closing
// early stops answers at once and cancels what is still planned.
import type { Db } from "../../storage/database.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";
import { DomainError } from "../errors.ts";
import { cancelDeadline, moveDeadline } from "../reminders/register-deadline.ts";
import { SURVEY_SUBJECT, surveyTitle } from "./create-survey.ts";

export async function setSurveyDeadline(db: Db, input: { surveyId: string; dueAt: Date; actor: string }, now: Date, zone: string) {
  if (input.dueAt <= now) throw new DomainError("reminders.deadlineInPast", {});
  const { survey, reopened } = await db.$transaction(async (tx) => {
    const before = await tx.survey.findUniqueOrThrow({ where: { id: input.surveyId } });
    const wasClosed = Boolean(before.closedAt) || now >= before.dueAt;
    const updated = await tx.survey.update({ where: { id: before.id }, data: { dueAt: input.dueAt, closedAt: null } });
    await appendAuditEntry(tx, {
      actor: input.actor,
      action: wasClosed ? "surveys.reopen" : "surveys.extend",
      subject: `survey:${before.id}`,
      payload: { from: before.dueAt.toISOString(), to: input.dueAt.toISOString() },
      at: now,
    });
    return { survey: updated, reopened: wasClosed };
  });
  await moveDeadline(
    db,
    { councilId: survey.councilId, subjectType: SURVEY_SUBJECT, subjectId: survey.id, title: surveyTitle(survey), dueAt: survey.dueAt },
    now,
    zone,
  );
  return { survey, reopened };
}

export async function closeSurvey(db: Db, input: { surveyId: string; actor: string }, now: Date) {
  const survey = await db.$transaction(async (tx) => {
    const before = await tx.survey.findUniqueOrThrow({ where: { id: input.surveyId } });
    if (before.closedAt) throw new DomainError("surveys.alreadyClosed", { title: surveyTitle(before) });
    const updated = await tx.survey.update({ where: { id: before.id }, data: { closedAt: now } });
    await appendAuditEntry(tx, {
      actor: input.actor,
      action: "surveys.close",
      subject: `survey:${before.id}`,
      payload: { dueAt: before.dueAt.toISOString() },
      at: now,
    });
    return updated;
  });
  await cancelDeadline(db, SURVEY_SUBJECT, survey.id, now);
  return survey;
}

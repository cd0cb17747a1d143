// Connects surveys to the scheduler: reminders go to the bodies that have not answered yet, and the
// survey closes by itself at its deadline.
import { appendAuditEntry } from "../audit/append-audit-entry.ts";
import { bodyContacts } from "../reminders/contacts.ts";
import type { ResponseTracker } from "../reminders/response-tracker.ts";
import { SURVEY_SUBJECT, surveyTitle } from "./create-survey.ts";
import { surveyStatus } from "./survey-status.ts";

export const surveyTracker: ResponseTracker = {
  subjectType: SURVEY_SUBJECT,
  async describe(db, id) {
    const survey = await db.survey.findUnique({ where: { id } });
    if (!survey) return undefined;
    return { councilId: survey.councilId, title: surveyTitle(survey), dueAt: survey.dueAt, open: !survey.closedAt };
  },
  async pending(db, id, now) {
    const status = await surveyStatus(db, id);
    // Nobody is chased for a survey that has not opened yet.
    if (now < status.survey.opensAt) return [];
    const contacts = await bodyContacts(
      db,
      status.pending.map((b) => b.id),
    );
    return status.pending.map((b) => contacts.get(b.id)!).filter(Boolean);
  },
  async answerCommand(db, id) {
    const survey = await db.survey.findUniqueOrThrow({ where: { id } });
    return `survey ${survey.number}`;
  },
  async close(db, id, now) {
    await db.$transaction(async (tx) => {
      const { count } = await tx.survey.updateMany({ where: { id, closedAt: null }, data: { closedAt: now } });
      if (count === 1) await appendAuditEntry(tx, { actor: "system:scheduler", action: "surveys.close", subject: `survey:${id}`, at: now });
    });
  },
};

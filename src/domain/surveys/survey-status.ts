// Progress of a survey: which addressed bodies have answered (who, when, receipt) and which have not,
// plus the bodies' current answers for the results and exports, and every submission for the history.
import { readAnswers } from "./stored-survey.ts";
import type { DbOrTx } from "../../storage/database.ts";
import { questionsOf } from "./find-survey.ts";
import type { BodyAnswers } from "./tally.ts";
import { findInSlices } from "../../storage/chunked.ts";

/** Bodies by code (those without one last), then name — as the ORDER BY of one query would list them. */
function byCodeThenName(a: { code: string | null; name: string }, b: { code: string | null; name: string }): number {
  if (a.code !== b.code) return a.code === null ? 1 : b.code === null ? -1 : a.code < b.code ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

export async function surveyStatus(db: DbOrTx, surveyId: string) {
  const survey = await db.survey.findUniqueOrThrow({ where: { id: surveyId }, include: { targets: true } });
  const bodies = (
    await findInSlices(
      survey.targets.map((t) => t.bodyId),
      (ids) => db.body.findMany({ where: { id: { in: ids } } }),
    )
  ).sort(byCodeThenName);
  const current = await db.surveySubmission.findMany({ where: { surveyId, current: true } });
  const people = await findInSlices(
    current.map((s) => s.personId),
    (ids) => db.person.findMany({ where: { id: { in: ids } } }),
  );
  const nameOf = new Map(people.map((p) => [p.id, p.displayName]));
  const byBody = new Map(current.map((s) => [s.bodyId, s]));
  const rows = bodies.map((body) => {
    const submission = byBody.get(body.id);
    return {
      body,
      submission: submission
        ? {
            ...submission,
            personName: nameOf.get(submission.personId) ?? "?",
            answers: readAnswers(submission.answers, `SurveySubmission ${submission.id}.answers`),
          }
        : undefined,
    };
  });
  return {
    survey,
    questions: questionsOf(survey),
    rows,
    answered: rows.filter((r) => r.submission),
    pending: rows.filter((r) => !r.submission).map((r) => r.body),
    total: rows.length,
  };
}

export type SurveyStatus = Awaited<ReturnType<typeof surveyStatus>>;

/** The current answers of the bodies that answered, in body order, for the tallies. */
export function bodyAnswersOf(status: SurveyStatus): BodyAnswers[] {
  return status.answered.map((r) => ({ bodyId: r.body.id, bodyName: r.body.name, answers: r.submission!.answers }));
}

/** Every submission, oldest first, with who sent it: the full record of earlier answers. */
export async function surveyHistory(db: DbOrTx, surveyId: string, bodyId?: string) {
  const submissions = await db.surveySubmission.findMany({
    where: { surveyId, ...(bodyId ? { bodyId } : {}) },
    orderBy: { submittedAt: "asc" },
  });
  const people = await findInSlices(
    submissions.map((s) => s.personId),
    (ids) => db.person.findMany({ where: { id: { in: ids } } }),
  );
  const bodies = await findInSlices(
    submissions.map((s) => s.bodyId),
    (ids) => db.body.findMany({ where: { id: { in: ids } } }),
  );
  const person = new Map(people.map((p) => [p.id, p]));
  const body = new Map(bodies.map((b) => [b.id, b]));
  return submissions.map((s) => ({
    ...s,
    answers: readAnswers(s.answers, `SurveySubmission ${s.id}.answers`),
    personName: person.get(s.personId)?.displayName ?? "?",
    personHandle: person.get(s.personId)?.handle ?? "?",
    bodyName: body.get(s.bodyId)?.name ?? "?",
    bodyCode: body.get(s.bodyId)?.code ?? "",
  }));
}

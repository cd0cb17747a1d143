// Progress of a survey: which addressed bodies have answered (who, when, receipt) and which have not,
// plus the bodies' current answers for the results and exports, and every submission for the history.
import type { DbOrTx } from "../../storage/database.ts";
import { questionsOf } from "./find-survey.ts";
import type { Answers } from "./survey-types.ts";
import type { BodyAnswers } from "./tally.ts";

export async function surveyStatus(db: DbOrTx, surveyId: string) {
  const survey = await db.survey.findUniqueOrThrow({ where: { id: surveyId }, include: { targets: true } });
  const bodies = await db.body.findMany({ where: { id: { in: survey.targets.map((t) => t.bodyId) } }, orderBy: [{ code: { sort: "asc", nulls: "last" } }, { name: "asc" }] });
  const current = await db.surveySubmission.findMany({ where: { surveyId, current: true } });
  const people = await db.person.findMany({ where: { id: { in: [...new Set(current.map((s) => s.personId))] } } });
  const nameOf = new Map(people.map((p) => [p.id, p.displayName]));
  const byBody = new Map(current.map((s) => [s.bodyId, s]));
  const rows = bodies.map((body) => {
    const submission = byBody.get(body.id);
    return {
      body,
      submission: submission ? { ...submission, personName: nameOf.get(submission.personId) ?? "?", answers: JSON.parse(submission.answers) as Answers } : undefined,
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
  const submissions = await db.surveySubmission.findMany({ where: { surveyId, ...(bodyId ? { bodyId } : {}) }, orderBy: { submittedAt: "asc" } });
  const people = await db.person.findMany({ where: { id: { in: [...new Set(submissions.map((s) => s.personId))] } } });
  const bodies = await db.body.findMany({ where: { id: { in: [...new Set(submissions.map((s) => s.bodyId))] } } });
  const person = new Map(people.map((p) => [p.id, p]));
  const body = new Map(bodies.map((b) => [b.id, b]));
  return submissions.map((s) => ({ ...s, answers: JSON.parse(s.answers) as Answers, personName: person.get(s.personId)?.displayName ?? "?", personHandle: person.get(s.personId)?.handle ?? "?", bodyName: body.get(s.bodyId)?.name ?? "?", bodyCode: body.get(s.bodyId)?.code ?? "" }));
}

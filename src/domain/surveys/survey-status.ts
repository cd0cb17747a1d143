// Progress of a survey: which addressed bodies have answered (who, when, receipt) and which have not,
// plus the bodies' current answers for the results and exports, and every submission for the history.
import { StoredJsonError } from "../../lib/json-column.ts";
import { readAnswers } from "./stored-survey.ts";
import type { DbOrTx } from "../../storage/database.ts";
import { questionsOf } from "./find-survey.ts";
import type { Answers } from "./survey-types.ts";
import type { BodyAnswers } from "./tally.ts";
import { findInSlices } from "../../storage/chunked.ts";

/** Bodies by code (those without one last), then name — as the ORDER BY of one query would list them. */
function byCodeThenName(a: { code: string | null; name: string }, b: { code: string | null; name: string }): number {
  if (a.code !== b.code) return a.code === null ? 1 : b.code === null ? -1 : a.code < b.code ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * A body's current submission whose stored answers this version cannot read (written by hand, damaged, or of a
 * shape no kind stores): the body counts as not answered, so no tally or export guesses at it, and the console
 * flags the row naming the stored row for whoever repairs it.
 */
export interface UnreadableSubmission {
  id: string;
  personName: string;
  submittedAt: Date;
  receiptCode: string;
  /** the stored row and column, e.g. "SurveySubmission ck….answers" */
  where: string;
  problem: string;
}

/** The answers of a stored submission, or why they cannot be read. */
function tryReadAnswers(text: string, where: string): { answers: Answers } | { error: StoredJsonError } {
  try {
    return { answers: readAnswers(text, where) };
  } catch (error) {
    if (error instanceof StoredJsonError) return { error };
    throw error;
  }
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
    if (!submission) return { body, submission: undefined, unreadable: undefined };
    const personName = nameOf.get(submission.personId) ?? "?";
    const read = tryReadAnswers(submission.answers, `SurveySubmission ${submission.id}.answers`);
    if ("error" in read) {
      const { id, submittedAt, receiptCode } = submission;
      const unreadable: UnreadableSubmission = {
        id,
        personName,
        submittedAt,
        receiptCode,
        where: read.error.where,
        problem: read.error.message,
      };
      return { body, submission: undefined, unreadable };
    }
    return { body, submission: { ...submission, personName, answers: read.answers }, unreadable: undefined };
  });
  return {
    survey,
    questions: questionsOf(survey),
    rows,
    answered: rows.filter((r) => r.submission),
    // An unreadable answer counts as none: reminders ask the body again, and its new answer replaces the old.
    pending: rows.filter((r) => !r.submission).map((r) => r.body),
    unreadable: rows.flatMap((r) => (r.unreadable ? [{ body: r.body, ...r.unreadable }] : [])),
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
  return submissions.map((s) => {
    const read = tryReadAnswers(s.answers, `SurveySubmission ${s.id}.answers`);
    return {
      ...s,
      answers: "answers" in read ? read.answers : {},
      /** set when the stored answers cannot be read (then `answers` is empty) */
      unreadable: "error" in read ? read.error.where : undefined,
      personName: person.get(s.personId)?.displayName ?? "?",
      personHandle: person.get(s.personId)?.handle ?? "?",
      bodyName: body.get(s.bodyId)?.name ?? "?",
      bodyCode: body.get(s.bodyId)?.code ?? "",
    };
  });
}

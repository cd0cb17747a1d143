// What a person starts from when they open a survey: their own half-finished draft; else their body's
// current answer (a colleague answered, and they want to change it); else the body's answer to the
// previous survey of the same series (last year's 参加意向調査), for the body to confirm or change.
// Only answers that still fit this year's questions are carried over.
import { StoredJsonError } from "../../lib/json-column.ts";
import { readAnswers, readPosition } from "./stored-survey.ts";
import type { DbOrTx } from "../../storage/database.ts";
import { cleanAnswers } from "./answer-rules.ts";
import { questionsOf, type SurveyRow } from "./find-survey.ts";
import type { Position } from "./navigation.ts";
import type { Answers } from "./survey-types.ts";

export interface Draft {
  bodyId: string;
  answers: Answers;
  position: Position;
}

export async function loadDraft(db: DbOrTx, surveyId: string, personId: string): Promise<Draft | undefined> {
  const row = await db.surveyDraft.findUnique({ where: { surveyId_personId: { surveyId, personId } } });
  if (!row) return undefined;
  return {
    bodyId: row.bodyId,
    answers: readAnswers(row.answers, `SurveyDraft ${row.id}.answers`),
    position: readPosition(row.position, `SurveyDraft ${row.id}.position`),
  };
}

export async function saveDraft(db: DbOrTx, surveyId: string, personId: string, draft: Draft): Promise<void> {
  const data = { bodyId: draft.bodyId, answers: JSON.stringify(draft.answers), position: JSON.stringify(draft.position) };
  await db.surveyDraft.upsert({
    where: { surveyId_personId: { surveyId, personId } },
    create: { surveyId, personId, ...data },
    update: data,
  });
}

export async function deleteDraft(db: DbOrTx, surveyId: string, personId: string): Promise<void> {
  await db.surveyDraft.deleteMany({ where: { surveyId, personId } });
}

export type StartingPoint =
  | { from: "current"; answers: Answers; personName: string; submittedAt: Date; receiptCode: string }
  | { from: "previous"; answers: Answers; survey: SurveyRow }
  | { from: "none"; answers: Answers };

/** Stored answers, or undefined when they cannot be read (StoredJsonError). */
function readableAnswers(text: string, where: string): Answers | undefined {
  try {
    return readAnswers(text, where);
  } catch (error) {
    if (error instanceof StoredJsonError) return undefined;
    throw error;
  }
}

export async function startingAnswers(db: DbOrTx, survey: SurveyRow, bodyId: string): Promise<StartingPoint> {
  const questions = questionsOf(survey);
  const current = await db.surveySubmission.findFirst({ where: { surveyId: survey.id, bodyId, current: true } });
  const currentAnswers = current ? readableAnswers(current.answers, `SurveySubmission ${current.id}.answers`) : undefined;
  // A current answer that cannot be read counts as none (the console flags it): the body answers afresh.
  if (current && currentAnswers) {
    const person = await db.person.findUnique({ where: { id: current.personId } });
    return {
      from: "current",
      answers: cleanAnswers(questions, currentAnswers),
      personName: person?.displayName ?? "?",
      submittedAt: current.submittedAt,
      receiptCode: current.receiptCode,
    };
  }
  const previous = await previousAnswer(db, survey, bodyId);
  if (previous) {
    const answers = cleanAnswers(questions, previous.answers);
    if (Object.keys(answers).length > 0) return { from: "previous", answers, survey: previous.survey };
  }
  return { from: "none", answers: {} };
}

/** The body's current answer to the latest earlier survey of the same series. */
export async function previousAnswer(
  db: DbOrTx,
  survey: SurveyRow,
  bodyId: string,
): Promise<{ survey: SurveyRow; answers: Answers } | undefined> {
  if (!survey.series) return undefined;
  const earlier = await db.survey.findMany({
    where: {
      councilId: survey.councilId,
      series: survey.series,
      id: { not: survey.id },
      // An earlier fiscal year; surveys without one count as earlier when their number is lower.
      ...(survey.fiscalYear !== null
        ? { OR: [{ fiscalYear: { lt: survey.fiscalYear } }, { fiscalYear: null, number: { lt: survey.number } }] }
        : { number: { lt: survey.number } }),
    },
    orderBy: [{ fiscalYear: { sort: "desc", nulls: "last" } }, { number: "desc" }],
  });
  for (const candidate of earlier) {
    const submission = await db.surveySubmission.findFirst({ where: { surveyId: candidate.id, bodyId, current: true } });
    if (submission) return { survey: candidate, answers: readAnswers(submission.answers, `SurveySubmission ${submission.id}.answers`) };
  }
  return undefined;
}

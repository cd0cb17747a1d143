// A staff member confirms their body's answers. One answer counts per body: any current staff member
// of an addressed body may answer, each confirmation is a new submission (nothing is overwritten), and
// the latest one confirmed while the survey is open is flagged current — the body's answer. After the
// deadline (or once closed) answers are refused.
import { randomInt } from "node:crypto";
import type { Db } from "../../storage/database.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";
import { DomainError } from "../errors.ts";
import { cleanAnswers, unansweredQuestions } from "./answer-rules.ts";
import { surveyTitle } from "./create-survey.ts";
import { questionsOf, surveyState } from "./find-survey.ts";
import type { Answers } from "./survey-types.ts";
import { questionNumber } from "./survey-types.ts";

/** Letters and digits that cannot be mistaken for each other when read out or copied (no 0/O, 1/I). */
const RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

export function receiptCode(surveyNumber: number): string {
  let code = "";
  for (let i = 0; i < 6; i += 1) code += RECEIPT_ALPHABET[randomInt(RECEIPT_ALPHABET.length)];
  return `${surveyNumber}-${code}`;
}

/** Refuses with the reason when a survey does not take answers now. */
export function assertOpen(survey: { number: number; title: string; opensAt: Date; dueAt: Date; closedAt: Date | null }, now: Date): void {
  const state = surveyState(survey, now);
  if (state === "scheduled") throw new DomainError("surveys.notOpenYet", { title: surveyTitle(survey) });
  if (state === "closed") throw new DomainError("surveys.closed", { title: surveyTitle(survey) });
}

export interface SubmitInput {
  surveyId: string;
  personId: string;
  bodyId: string;
  answers: Answers;
  /** the platform the answer was confirmed on */
  via: string;
}

export async function submitAnswers(db: Db, input: SubmitInput, now: Date) {
  return db.$transaction(async (tx) => {
    const survey = await tx.survey.findUniqueOrThrow({ where: { id: input.surveyId } });
    assertOpen(survey, now);
    const target = await tx.surveyTarget.findUnique({ where: { surveyId_bodyId: { surveyId: survey.id, bodyId: input.bodyId } } });
    const membership = await tx.staffMembership.findFirst({
      where: { personId: input.personId, bodyId: input.bodyId, endedAt: null },
      include: { body: true },
    });
    if (!target || !membership) throw new DomainError("surveys.notAddressed", { title: surveyTitle(survey) });
    const questions = questionsOf(survey);
    const answers = cleanAnswers(questions, input.answers);
    const missing = unansweredQuestions(questions, answers);
    if (missing.length > 0)
      throw new DomainError("surveys.incomplete", { questions: missing.map((q) => questionNumber(questions, q.id)).join(", ") });

    const previous = await tx.surveySubmission.findFirst({ where: { surveyId: survey.id, bodyId: input.bodyId, current: true } });
    await tx.surveySubmission.updateMany({ where: { surveyId: survey.id, bodyId: input.bodyId, current: true }, data: { current: false } });
    const submission = await tx.surveySubmission.create({
      data: {
        surveyId: survey.id,
        bodyId: input.bodyId,
        personId: input.personId,
        answers: JSON.stringify(answers),
        receiptCode: receiptCode(survey.number),
        via: input.via,
        current: true,
        submittedAt: now,
      },
    });
    await tx.surveyDraft.deleteMany({ where: { surveyId: survey.id, personId: input.personId } });
    await appendAuditEntry(tx, {
      actor: `person:${input.personId}`,
      action: "surveys.submit",
      subject: `survey:${survey.id}`,
      payload: {
        bodyId: input.bodyId,
        submissionId: submission.id,
        receiptCode: submission.receiptCode,
        replaces: previous?.id ?? null,
        answers,
      },
      at: now,
    });
    const previousBy = previous ? await tx.person.findUnique({ where: { id: previous.personId } }) : null;
    return {
      survey,
      body: membership.body,
      submission,
      previous: previous ? { ...previous, personName: previousBy?.displayName ?? "?" } : undefined,
    };
  });
}

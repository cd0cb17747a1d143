// Looking surveys up by their number, reading their stored questions, and the bodies a person may
// answer for.
import { readQuestions } from "./stored-survey.ts";
import type { DbOrTx } from "../../storage/database.ts";
import { DomainError } from "../errors.ts";
import type { Question } from "./survey-types.ts";

export type SurveyRow = Awaited<ReturnType<DbOrTx["survey"]["findFirstOrThrow"]>>;

/** before it opens, while it takes answers, after its deadline or once closed */
export type SurveyState = "scheduled" | "open" | "closed";

export function surveyState(survey: Pick<SurveyRow, "opensAt" | "dueAt" | "closedAt">, now: Date): SurveyState {
  if (survey.closedAt || now >= survey.dueAt) return "closed";
  return now < survey.opensAt ? "scheduled" : "open";
}

export function questionsOf(survey: Pick<SurveyRow, "id" | "questions">): Question[] {
  return readQuestions(survey.questions, `Survey ${survey.id}.questions`);
}

/** 「1」「１」「調査1」「#1」 */
export function parseSurveyNumber(text: string): number | undefined {
  const match = text
    .normalize("NFKC")
    .trim()
    .match(/^(?:調査|survey|#|No\.?)?\s*(\d{1,6})$/i);
  return match ? Number(match[1]) : undefined;
}

export async function findSurvey(db: DbOrTx, councilId: string, query: string | number): Promise<SurveyRow> {
  const number = typeof query === "number" ? query : parseSurveyNumber(query);
  const survey = number === undefined ? null : await db.survey.findUnique({ where: { councilId_number: { councilId, number } } });
  if (!survey) throw new DomainError("surveys.notFound", { number: String(query) });
  return survey;
}

/** The bodies this person works for that the survey asks. */
export async function answerableBodies(db: DbOrTx, surveyId: string, personId: string) {
  const memberships = await db.staffMembership.findMany({
    where: { personId, endedAt: null },
    include: { body: true },
    orderBy: { startedAt: "asc" },
  });
  const targets = await db.surveyTarget.findMany({ where: { surveyId, bodyId: { in: memberships.map((m) => m.bodyId) } } });
  const targeted = new Set(targets.map((t) => t.bodyId));
  return memberships.filter((m) => targeted.has(m.bodyId)).map((m) => m.body);
}

/** Surveys visible to a person: those addressed to one of their bodies (all of them for the secretariat). */
export async function listSurveys(
  db: DbOrTx,
  councilId: string,
  options: { personId?: string; all?: boolean; includeClosed?: boolean; now: Date },
) {
  const bodyIds = options.personId
    ? (await db.staffMembership.findMany({ where: { personId: options.personId, endedAt: null } })).map((m) => m.bodyId)
    : [];
  const surveys = await db.survey.findMany({
    where: {
      councilId,
      ...(options.all ? {} : { targets: { some: { bodyId: { in: bodyIds } } } }),
      ...(options.includeClosed ? {} : { closedAt: null, dueAt: { gt: options.now } }),
    },
    orderBy: { number: "asc" },
    include: { targets: true },
  });
  return surveys;
}

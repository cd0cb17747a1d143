// Starts the second-stage ranking survey from the shortlisted candidates with one command: the
// definition is built from them (ranking-definition.ts) and opened through the survey use case, which
// addresses every member body, announces it and registers its deadline and reminders. The link from the
// survey back to the candidates is kept, so the board can show the ranking's result.
import { fiscalYearOf, localDateOf } from "../../lib/japanese/era.ts";
import type { Db } from "../../storage/database.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";
import { DomainError } from "../errors.ts";
import { createSurvey } from "../surveys/create-survey.ts";
import { DEFAULT_POINTS, rankingDefinition } from "./ranking-definition.ts";

export interface RankingSurveyInput {
  councilId: string;
  dueAt: Date;
  /** points per rank, 1st first (default 2, 1) */
  points?: number[];
  /** candidate numbers to rank instead of the shortlist */
  numbers?: number[];
  createdBy: string;
}

export async function startRankingSurvey(db: Db, input: RankingSurveyInput, now: Date, zone: string) {
  const candidates = input.numbers
    ? await db.procurementCandidate.findMany({
        where: { councilId: input.councilId, number: { in: input.numbers }, archivedAt: null },
        orderBy: { number: "asc" },
      })
    : await db.procurementCandidate.findMany({
        where: { councilId: input.councilId, archivedAt: null, shortlistedAt: { not: null } },
        orderBy: { number: "asc" },
      });
  if (input.numbers) {
    const missing = input.numbers.filter((n) => !candidates.some((c) => c.number === n));
    if (missing.length > 0) throw new DomainError("candidates.notFound", { query: missing.join(", ") });
  }
  if (candidates.length < 2)
    throw new DomainError(input.numbers ? "candidates.ranking.tooFew" : "candidates.ranking.tooFewShortlisted", {
      count: candidates.length,
    });
  // Asked in spring for the procurement of the following fiscal year, as Osaka does each April.
  const fiscalYear = fiscalYearOf(localDateOf(now, zone)) + 1;
  const definition = rankingDefinition({ candidates, points: input.points ?? DEFAULT_POINTS, dueAt: input.dueAt, fiscalYear });
  const created = await createSurvey(db, { councilId: input.councilId, definition, createdBy: input.createdBy }, now, zone);
  // A second transaction: the survey use case commits its own. Should this one fail, the survey still
  // stands on its own and its results are read with `survey <n> results`.
  await db.$transaction(async (tx) => {
    await tx.candidateRanking.create({
      data: {
        councilId: input.councilId,
        surveyId: created.survey.id,
        candidateIds: JSON.stringify(candidates.map((c) => c.id)),
        createdBy: input.createdBy,
        createdAt: now,
      },
    });
    await appendAuditEntry(tx, {
      actor: input.createdBy,
      action: "candidates.ranking.start",
      subject: `survey:${created.survey.id}`,
      payload: { candidates: candidates.map((c) => c.number), points: input.points ?? DEFAULT_POINTS },
      at: now,
    });
  });
  return { ...created, candidates };
}

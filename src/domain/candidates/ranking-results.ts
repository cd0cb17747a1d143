// The result of a ranking survey in candidates' terms: each candidate's point total, how many bodies put
// it at each rank, its place (equal totals share a place) and the ties, straight from the survey tally.
import type { DbOrTx } from "../../storage/database.ts";
import { DomainError } from "../errors.ts";
import { bodyAnswersOf, surveyStatus } from "../surveys/survey-status.ts";
import { tallyQuestion, type RankedOption } from "../surveys/tally.ts";
import { candidateNumberOf, RANKING_QUESTION_ID } from "./ranking-definition.ts";

export interface RankedCandidate {
  number: number;
  name: string;
  points: number;
  byRank: number[];
  place: number;
}

export interface RankingResults {
  survey: { id: string; number: number; title: string; dueAt: Date; closedAt: Date | null };
  points: number[];
  answered: number;
  total: number;
  ranked: RankedCandidate[];
  /** groups of candidates with equal points (above zero), highest first */
  ties: RankedCandidate[][];
}

/** The latest ranking survey of the council, or the one with the given survey number. */
export async function rankingResults(db: DbOrTx, councilId: string, surveyNumber?: number): Promise<RankingResults> {
  const links = await db.candidateRanking.findMany({ where: { councilId }, orderBy: { createdAt: "desc" } });
  const surveys = await db.survey.findMany({ where: { id: { in: links.map((l) => l.surveyId) } } });
  const link = surveyNumber === undefined ? links[0] : links.find((l) => surveys.find((s) => s.id === l.surveyId)?.number === surveyNumber);
  if (!link) throw new DomainError("candidates.ranking.none", {});
  const status = await surveyStatus(db, link.surveyId);
  const question = status.questions.find((q) => q.id === RANKING_QUESTION_ID);
  if (!question || question.kind !== "ranking") throw new DomainError("candidates.ranking.none", {});
  const tally = tallyQuestion(status.questions, question, bodyAnswersOf(status));
  if (tally.type !== "ranking") throw new DomainError("candidates.ranking.none", {});
  const names = new Map((await db.procurementCandidate.findMany({ where: { councilId } })).map((c) => [c.number, c.name]));
  const toCandidate = (r: RankedOption): RankedCandidate => {
    const number = candidateNumberOf(r.option.value) ?? 0;
    return { number, name: names.get(number) ?? r.option.label, points: r.points, byRank: r.byRank, place: r.place };
  };
  return {
    survey: status.survey,
    points: question.points,
    answered: status.answered.length,
    total: status.total,
    ranked: tally.ranked.map(toCandidate),
    ties: tally.ties.map((g) => g.map(toCandidate)),
  };
}

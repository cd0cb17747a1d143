// A council's candidate rules as the domain uses them: its stored row, or the defaults when the council
// never changed them (Kumamoto's 1/4 of members planning to adopt next year or the year after; only the
// secretariat proposes, as in Kumamoto and Osaka where the prefecture gathers the candidates).
import type { DbOrTx } from "../../storage/database.ts";
import { DEFAULT_RULE, readCountedLevels, type ScreeningRule } from "./screening.ts";

export interface CandidateSettings {
  rule: ScreeningRule;
  membersMayPropose: boolean;
  /** a candidate the rule shortlisted leaves the shortlist when its support falls below the rule */
  dropBelowRule: boolean;
  /** false while the defaults apply */
  stored: boolean;
}

export async function loadCandidateSettings(db: DbOrTx, councilId: string): Promise<CandidateSettings> {
  const row = await db.candidateSettings.findUnique({ where: { councilId } });
  if (!row) return { rule: DEFAULT_RULE, membersMayPropose: false, dropBelowRule: false, stored: false };
  return {
    rule: { numerator: row.thresholdNumerator, denominator: row.thresholdDenominator, countedLevels: readCountedLevels(row.countedLevels) },
    membersMayPropose: row.membersMayPropose,
    dropBelowRule: row.dropBelowRule,
    stored: true,
  };
}

/** Active member bodies: the base of the share. */
export async function memberCount(db: DbOrTx, councilId: string): Promise<number> {
  return db.body.count({ where: { councilId, active: true } });
}

// The secretariat changes the council's candidate rules: the screening share (1/4, 1/3 …), which levels
// count as intending to join, and whether members may propose. The active candidates are screened again
// under the new rule in the same transaction, so a lowered threshold shortlists (and notifies) at once.
import type { Db } from "../../storage/database.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";
import { DomainError } from "../errors.ts";
import { loadCandidateSettings, type CandidateSettings } from "./candidate-settings.ts";
import type { InterestLevel } from "./interest-levels.ts";
import { applyScreening } from "./screen-candidate.ts";

export interface SettingsChange {
  numerator?: number;
  denominator?: number;
  countedLevels?: InterestLevel[];
  membersMayPropose?: boolean;
}

export async function updateCandidateSettings(db: Db, input: { councilId: string; change: SettingsChange; actor: string }, now: Date) {
  return db.$transaction(async (tx) => {
    const current = await loadCandidateSettings(tx, input.councilId);
    const next: CandidateSettings = {
      rule: {
        numerator: input.change.numerator ?? current.rule.numerator,
        denominator: input.change.denominator ?? current.rule.denominator,
        countedLevels: input.change.countedLevels ?? current.rule.countedLevels,
      },
      membersMayPropose: input.change.membersMayPropose ?? current.membersMayPropose,
      stored: true,
    };
    const { numerator, denominator, countedLevels } = next.rule;
    if (!Number.isInteger(numerator) || !Number.isInteger(denominator) || numerator < 1 || denominator < 1 || numerator > denominator) {
      throw new DomainError("candidates.rule.badThreshold", { value: `${numerator}/${denominator}` });
    }
    if (countedLevels.length === 0 || countedLevels.includes("none")) throw new DomainError("candidates.rule.badLevels", {});
    const data = { thresholdNumerator: numerator, thresholdDenominator: denominator, countedLevels: JSON.stringify(countedLevels), membersMayPropose: next.membersMayPropose, updatedBy: input.actor, updatedAt: now };
    await tx.candidateSettings.upsert({ where: { councilId: input.councilId }, create: { councilId: input.councilId, ...data }, update: data });
    await appendAuditEntry(tx, { actor: input.actor, action: "candidates.settings", subject: `council:${input.councilId}`, payload: { before: { ...current.rule, membersMayPropose: current.membersMayPropose }, after: { ...next.rule, membersMayPropose: next.membersMayPropose } }, at: now });
    const shortlisted: number[] = [];
    for (const candidate of await tx.procurementCandidate.findMany({ where: { councilId: input.councilId, archivedAt: null, shortlistedAt: null }, orderBy: { number: "asc" } })) {
      if ((await applyScreening(tx, candidate, now, input.actor)).shortlistedNow) shortlisted.push(candidate.number);
    }
    return { settings: next, shortlisted };
  });
}

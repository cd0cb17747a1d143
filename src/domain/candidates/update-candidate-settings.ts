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
  dropBelowRule?: boolean;
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
      dropBelowRule: input.change.dropBelowRule ?? current.dropBelowRule,
      stored: true,
    };
    const { numerator, denominator, countedLevels } = next.rule;
    if (!Number.isInteger(numerator) || !Number.isInteger(denominator) || numerator < 1 || denominator < 1 || numerator > denominator) {
      throw new DomainError("candidates.rule.badThreshold", { value: `${numerator}/${denominator}` });
    }
    if (countedLevels.length === 0 || countedLevels.includes("none")) throw new DomainError("candidates.rule.badLevels", {});
    const data = {
      thresholdNumerator: numerator,
      thresholdDenominator: denominator,
      countedLevels: JSON.stringify(countedLevels),
      membersMayPropose: next.membersMayPropose,
      dropBelowRule: next.dropBelowRule,
      updatedBy: input.actor,
      updatedAt: now,
    };
    await tx.candidateSettings.upsert({
      where: { councilId: input.councilId },
      create: { councilId: input.councilId, ...data },
      update: data,
    });
    await appendAuditEntry(tx, {
      actor: input.actor,
      action: "candidates.settings",
      subject: `council:${input.councilId}`,
      payload: {
        before: { ...current.rule, membersMayPropose: current.membersMayPropose, dropBelowRule: current.dropBelowRule },
        after: { ...next.rule, membersMayPropose: next.membersMayPropose, dropBelowRule: next.dropBelowRule },
      },
      at: now,
    });
    // Every active candidate is screened again: a lowered threshold shortlists, a raised one may leave a
    // shortlisted candidate below the rule (the secretariat is told, and the rule says whether it drops off).
    const shortlisted: number[] = [];
    /** shortlisted now, but no secretariat member could be told */
    const unnotified: number[] = [];
    const belowRule: Array<{ number: number; dropped: boolean; notified: number }> = [];
    for (const candidate of await tx.procurementCandidate.findMany({
      where: { councilId: input.councilId, archivedAt: null },
      orderBy: { number: "asc" },
    })) {
      const screening = await applyScreening(tx, candidate, now, input.actor);
      if (screening.shortlistedNow) shortlisted.push(candidate.number);
      if (screening.shortlistedNow && !screening.notified) unnotified.push(candidate.number);
      if (screening.fellBelow)
        belowRule.push({ number: candidate.number, dropped: Boolean(screening.dropped), notified: screening.notified ?? 0 });
    }
    return { settings: next, shortlisted, unnotified, belowRule };
  });
}

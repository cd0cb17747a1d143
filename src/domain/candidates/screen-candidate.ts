// Applies the council's screening rule to a candidate from its bodies' current levels. Run inside the
// transaction that changed an interest (or the rule), so the decision sees exactly the committed answers:
// when a candidate reaches the threshold for the first time it is shortlisted, the rule and the numbers
// are recorded with it, and the secretariat is told (through the outbox, within office hours).
import { z } from "zod";
import { readJsonColumn, StoredJsonError } from "../../lib/json-column.ts";
import type { DbOrTx } from "../../storage/database.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";
import { loadCandidateSettings, memberCount } from "./candidate-settings.ts";
import type { CandidateRow } from "./find-candidate.ts";
import { INTEREST_LEVELS, isInterestLevel, type InterestLevel } from "./interest-levels.ts";
import { screen, type ScreeningResult } from "./screening.ts";
import { queueBelowRuleNotice, queueShortlistNotice } from "./shortlist-notice.ts";

export interface ShortlistBasis {
  mode: "auto" | "manual" | "withdrawn" | "dropped";
  /** the numbers at the moment of the decision */
  result: ScreeningResult;
  by: string;
  reason?: string;
  /** while a shortlisted candidate's support is below the rule: since when (ISO), so the secretariat is told once */
  belowRuleAt?: string;
}

const count = z.number().int().min(0);
const basisSchema = z.object({
  mode: z.enum(["auto", "manual", "withdrawn", "dropped"]),
  result: z.object({
    rule: z.object({ numerator: count, denominator: count, countedLevels: z.array(z.enum(INTEREST_LEVELS)) }),
    members: count,
    required: count,
    intending: count,
    passes: z.boolean(),
    shortfall: count,
  }),
  by: z.string(),
  reason: z.string().optional(),
  belowRuleAt: z.string().optional(),
});

/**
 * ProcurementCandidate.shortlistBasis, checked: a hand-edited or older row of another shape reads as "no recorded
 * basis" (the board then shows the candidate without the numbers) rather than as numbers it does not hold.
 */
export function readBasis(json: string | null): ShortlistBasis | undefined {
  if (!json) return undefined;
  try {
    return readJsonColumn(basisSchema, json, "ProcurementCandidate.shortlistBasis");
  } catch (error) {
    if (error instanceof StoredJsonError) return undefined;
    throw error;
  }
}

/** The screening of one candidate now: the rule, the member count and the intending bodies. */
export async function evaluateScreening(db: DbOrTx, candidate: Pick<CandidateRow, "id" | "councilId">): Promise<ScreeningResult> {
  const settings = await loadCandidateSettings(db, candidate.councilId);
  const members = await memberCount(db, candidate.councilId);
  const rows = await db.candidateInterest.findMany({
    where: { candidateId: candidate.id, current: true },
    select: { bodyId: true, level: true },
  });
  // Only active member bodies count, as only they make up the base of the share.
  const active = new Set(
    (
      await db.body.findMany({
        where: { councilId: candidate.councilId, active: true, id: { in: rows.map((r) => r.bodyId) } },
        select: { id: true },
      })
    ).map((b) => b.id),
  );
  const levels = rows.filter((r) => active.has(r.bodyId) && isInterestLevel(r.level)).map((r) => r.level as InterestLevel);
  return screen(settings.rule, members, levels);
}

/**
 * Screens and, when the candidate passes for the first time, shortlists it and notifies the secretariat.
 * A candidate the secretariat withdrew from the shortlist stays off until they put it back by hand,
 * so one more answer does not overrule their decision.
 */
export interface ScreeningOutcome {
  result: ScreeningResult;
  shortlistedNow: boolean;
  /** a shortlisted candidate's support fell below the rule just now (the secretariat is told) */
  fellBelow?: boolean;
  /** …and the council's rule took it off the shortlist */
  dropped?: boolean;
  /** how many secretariat members the shortlist or below-rule notice was queued for (0: nobody could be reached) */
  notified?: number;
}

export async function applyScreening(tx: DbOrTx, candidate: CandidateRow, now: Date, actor: string): Promise<ScreeningOutcome> {
  const result = await evaluateScreening(tx, candidate);
  const basis = readBasis(candidate.shortlistBasis);
  if (candidate.shortlistedAt && !candidate.archivedAt) return watchShortlisted(tx, candidate, basis, result, now, actor);
  if (!result.passes || candidate.shortlistedAt || candidate.archivedAt || basis?.mode === "withdrawn")
    return { result, shortlistedNow: false };
  const recorded: ShortlistBasis = { mode: "auto", result, by: actor };
  const updated = await tx.procurementCandidate.update({
    where: { id: candidate.id },
    data: { shortlistedAt: now, shortlistBasis: JSON.stringify(recorded) },
  });
  await appendAuditEntry(tx, {
    actor,
    action: "candidates.shortlist",
    subject: `candidate:${candidate.id}`,
    payload: { mode: "auto", ...result },
    at: now,
  });
  const notice = await queueShortlistNotice(tx, updated, recorded, now);
  return { result, shortlistedNow: true, notified: notice.queued + notice.alreadyQueued };
}

/**
 * A shortlisted candidate whose support falls below the rule is not left 選定済み silently: the first time it
 * falls, the secretariat is told with the numbers; if the council's rule says so and the rule (not a person) put it
 * there, it leaves the shortlist. Back above the rule, the watch is reset so a later fall is told again.
 */
async function watchShortlisted(
  tx: DbOrTx,
  candidate: CandidateRow,
  basis: ShortlistBasis | undefined,
  result: ScreeningResult,
  now: Date,
  actor: string,
): Promise<ScreeningOutcome> {
  if (result.passes) {
    if (basis?.belowRuleAt)
      await tx.procurementCandidate.update({
        where: { id: candidate.id },
        data: { shortlistBasis: JSON.stringify({ ...basis, belowRuleAt: undefined }) },
      });
    return { result, shortlistedNow: false };
  }
  if (basis?.belowRuleAt) return { result, shortlistedNow: false };
  const settings = await loadCandidateSettings(tx, candidate.councilId);
  const dropped = settings.dropBelowRule && basis?.mode === "auto";
  const data = dropped
    ? { shortlistedAt: null, shortlistBasis: JSON.stringify({ mode: "dropped", result, by: actor } satisfies ShortlistBasis) }
    : {
        shortlistBasis: JSON.stringify({
          ...(basis ?? { mode: "manual", result, by: actor }),
          belowRuleAt: now.toISOString(),
        } satisfies ShortlistBasis),
      };
  await tx.procurementCandidate.update({ where: { id: candidate.id }, data });
  await appendAuditEntry(tx, {
    actor,
    action: "candidates.shortlist.belowRule",
    subject: `candidate:${candidate.id}`,
    payload: { dropped, ...result },
    at: now,
  });
  const notice = await queueBelowRuleNotice(tx, candidate, result, dropped, now);
  return { result, shortlistedNow: false, fellBelow: true, dropped, notified: notice.queued + notice.alreadyQueued };
}

// The secretariat puts a candidate on the shortlist by hand — Kumamoto also deliberates candidates that
// miss the threshold when they are of high policy value (政策性が高く、モデル的に導入する必要があるもの) —
// or takes one off. Either way the numbers at that moment and the reason are kept with the decision.
import type { Db } from "../../storage/database.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";
import { DomainError } from "../errors.ts";
import { candidateLabel } from "./find-candidate.ts";
import { evaluateScreening, type ShortlistBasis } from "./screen-candidate.ts";
import { queueShortlistNotice } from "./shortlist-notice.ts";

export async function setShortlisted(
  db: Db,
  input: { candidateId: string; shortlisted: boolean; reason?: string; actor: string },
  now: Date,
) {
  return db.$transaction(async (tx) => {
    const candidate = await tx.procurementCandidate.findUniqueOrThrow({ where: { id: input.candidateId } });
    if (candidate.archivedAt) throw new DomainError("candidates.archived", { label: candidateLabel(candidate) });
    if (input.shortlisted && candidate.shortlistedAt)
      throw new DomainError("candidates.alreadyShortlisted", { label: candidateLabel(candidate) });
    if (!input.shortlisted && !candidate.shortlistedAt)
      throw new DomainError("candidates.notShortlisted", { label: candidateLabel(candidate) });
    const result = await evaluateScreening(tx, candidate);
    const reason = input.reason?.trim().slice(0, 500) || undefined;
    const basis: ShortlistBasis = {
      mode: input.shortlisted ? "manual" : "withdrawn",
      result,
      by: input.actor,
      ...(reason ? { reason } : {}),
    };
    const updated = await tx.procurementCandidate.update({
      where: { id: candidate.id },
      data: { shortlistedAt: input.shortlisted ? now : null, shortlistBasis: JSON.stringify(basis), updatedAt: now },
    });
    await appendAuditEntry(tx, {
      actor: input.actor,
      action: input.shortlisted ? "candidates.shortlist" : "candidates.unshortlist",
      subject: `candidate:${candidate.id}`,
      payload: { mode: basis.mode, reason: reason ?? null, ...result },
      at: now,
    });
    // Colleagues in the secretariat learn of a manual shortlisting as they would of an automatic one.
    if (input.shortlisted) await queueShortlistNotice(tx, updated, basis, now);
    return { candidate: updated, result };
  });
}

// A candidate is archived when it is done — procured, merged into another, or dropped — and leaves the
// board and the interest list; its history stays. The secretariat can bring it back.
import type { Db } from "../../storage/database.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";
import { DomainError } from "../errors.ts";
import { nameKey } from "../../lib/japanese/normalize.ts";
import { candidateLabel } from "./find-candidate.ts";

export async function archiveCandidate(db: Db, input: { candidateId: string; reason?: string; actor: string }, now: Date) {
  return db.$transaction(async (tx) => {
    const candidate = await tx.procurementCandidate.findUniqueOrThrow({ where: { id: input.candidateId } });
    if (candidate.archivedAt) throw new DomainError("candidates.archived", { label: candidateLabel(candidate) });
    const reason = input.reason?.trim().slice(0, 500) || null;
    const updated = await tx.procurementCandidate.update({
      where: { id: candidate.id },
      data: { archivedAt: now, archiveReason: reason, updatedAt: now },
    });
    await appendAuditEntry(tx, {
      actor: input.actor,
      action: "candidates.archive",
      subject: `candidate:${candidate.id}`,
      payload: { reason },
      at: now,
    });
    return updated;
  });
}

export async function restoreCandidate(db: Db, input: { candidateId: string; actor: string }, now: Date) {
  return db.$transaction(async (tx) => {
    const candidate = await tx.procurementCandidate.findUniqueOrThrow({ where: { id: input.candidateId } });
    if (!candidate.archivedAt) throw new DomainError("candidates.notArchived", { label: candidateLabel(candidate) });
    const active = await tx.procurementCandidate.findMany({
      where: { councilId: candidate.councilId, archivedAt: null },
      select: { number: true, name: true },
    });
    const same = active.find((c) => nameKey(c.name) === nameKey(candidate.name));
    if (same) throw new DomainError("candidates.duplicateName", { label: candidateLabel(same) });
    const updated = await tx.procurementCandidate.update({
      where: { id: candidate.id },
      data: { archivedAt: null, archiveReason: null, updatedAt: now },
    });
    await appendAuditEntry(tx, { actor: input.actor, action: "candidates.restore", subject: `candidate:${candidate.id}`, at: now });
    return updated;
  });
}

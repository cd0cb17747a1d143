// A candidate for joint procurement is proposed — by the secretariat, or by member staff when the
// council allows it (Kumamoto gathers candidates from members too; by default only the secretariat
// proposes). It gets the next number (案件3) and starts with no interest recorded.
import type { Db, DbOrTx } from "../../storage/database.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";
import { DomainError } from "../errors.ts";
import { nameKey } from "../../lib/japanese/normalize.ts";
import { cleanFields, type CandidateFields } from "./candidate-fields.ts";
import { loadCandidateSettings } from "./candidate-settings.ts";
import { candidateLabel } from "./find-candidate.ts";

export interface ProposeInput {
  councilId: string;
  fields: Partial<CandidateFields> & { name: string };
  /** person:<id> or cli:<user> */
  proposedBy: string;
  /** the person proposing in chat (checked against the council's rule); absent for the secretariat's CLI */
  personId?: string;
}

/** Whether a person may propose: the secretariat always, staff when the council allows members to. */
export async function proposerBody(db: DbOrTx, councilId: string, personId: string): Promise<{ allowed: boolean; bodyId: string | null }> {
  const roles = await db.personRole.findMany({ where: { personId } });
  if (roles.some((r) => r.role === "secretariat" || r.role === "admin")) return { allowed: true, bodyId: null };
  const settings = await loadCandidateSettings(db, councilId);
  const membership = await db.staffMembership.findFirst({ where: { personId, endedAt: null }, orderBy: { startedAt: "asc" } });
  return { allowed: settings.membersMayPropose && Boolean(membership), bodyId: membership?.bodyId ?? null };
}

export async function proposeCandidate(db: Db, input: ProposeInput, now: Date) {
  const fields = cleanFields(input.fields);
  return db.$transaction(async (tx) => {
    let bodyId: string | null = null;
    if (input.personId) {
      const proposer = await proposerBody(tx, input.councilId, input.personId);
      if (!proposer.allowed) throw new DomainError("candidates.proposeForbidden", {});
      bodyId = proposer.bodyId;
    }
    const active = await tx.procurementCandidate.findMany({
      where: { councilId: input.councilId, archivedAt: null },
      select: { number: true, name: true },
    });
    const same = active.find((c) => nameKey(c.name) === nameKey(fields.name));
    if (same) throw new DomainError("candidates.duplicateName", { label: candidateLabel(same) });
    const last = await tx.procurementCandidate.findFirst({
      where: { councilId: input.councilId },
      orderBy: { number: "desc" },
      select: { number: true },
    });
    const candidate = await tx.procurementCandidate.create({
      data: {
        councilId: input.councilId,
        number: (last?.number ?? 0) + 1,
        name: fields.name,
        category: fields.category,
        description: fields.description,
        products: JSON.stringify(fields.products),
        roughCost: fields.roughCost,
        links: JSON.stringify(fields.links),
        proposedBy: input.proposedBy,
        proposedForBodyId: bodyId,
        createdAt: now,
        updatedAt: now,
      },
    });
    await appendAuditEntry(tx, {
      actor: input.proposedBy,
      action: "candidates.propose",
      subject: `candidate:${candidate.id}`,
      payload: { number: candidate.number, ...fields, bodyId },
      at: now,
    });
    return candidate;
  });
}

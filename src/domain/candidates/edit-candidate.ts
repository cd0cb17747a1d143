// The secretariat (or the member who proposed it) corrects a candidate's fields. Every change is in the
// audit log with the value before and after, which is the candidate's edit history.
import type { Db } from "../../storage/database.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";
import { DomainError } from "../errors.ts";
import { nameKey } from "../../lib/japanese/normalize.ts";
import { cleanField, type CandidateFields, type EditableField } from "./candidate-fields.ts";
import { candidateLabel, stringList } from "./find-candidate.ts";

export interface EditInput {
  candidateId: string;
  changes: Partial<CandidateFields>;
  actor: string;
  /** the person editing in chat: the secretariat, or the member who proposed it */
  personId?: string;
}

function stored(field: EditableField, value: unknown): string {
  return field === "products" || field === "links" ? JSON.stringify(value) : String(value);
}

export async function editCandidate(db: Db, input: EditInput, now: Date) {
  return db.$transaction(async (tx) => {
    const candidate = await tx.procurementCandidate.findUniqueOrThrow({ where: { id: input.candidateId } });
    if (candidate.archivedAt) throw new DomainError("candidates.archived", { label: candidateLabel(candidate) });
    if (input.personId) {
      const secretariat = await tx.personRole.count({ where: { personId: input.personId, role: { in: ["secretariat", "admin"] } } });
      if (secretariat === 0 && candidate.proposedBy !== `person:${input.personId}`) throw new DomainError("errors.forbidden", {});
    }
    const data: Record<string, string> = {};
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(input.changes) as Array<[EditableField, CandidateFields[EditableField]]>) {
      if (value === undefined) continue;
      const clean = cleanField(field, value);
      const old = field === "products" || field === "links" ? stringList(candidate[field]) : candidate[field];
      if (stored(field, clean) === stored(field, old)) continue;
      data[field] = stored(field, clean);
      before[field] = old;
      after[field] = clean;
    }
    if (Object.keys(data).length === 0) return { candidate, changed: [] as EditableField[] };
    if (data.name) {
      const clash = await tx.procurementCandidate.findMany({
        where: { councilId: candidate.councilId, archivedAt: null, id: { not: candidate.id } },
        select: { number: true, name: true },
      });
      const same = clash.find((c) => nameKey(c.name) === nameKey(data.name!));
      if (same) throw new DomainError("candidates.duplicateName", { label: candidateLabel(same) });
    }
    const updated = await tx.procurementCandidate.update({ where: { id: candidate.id }, data: { ...data, updatedAt: now } });
    await appendAuditEntry(tx, {
      actor: input.actor,
      action: "candidates.edit",
      subject: `candidate:${candidate.id}`,
      payload: { before, after },
      at: now,
    });
    return { candidate: updated, changed: Object.keys(data) as EditableField[] };
  });
}

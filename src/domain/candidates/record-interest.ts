// A body records how interested it is in a candidate (次年度導入予定 … 予定なし), with a target fiscal
// year and a note. Any current staff member of the body may record it, and the secretariat may record it
// for any body (a reply that came by email or on paper). Changeable any time: each change is a new row
// (nothing is overwritten) and the latest is flagged current. In the same transaction the candidate is
// screened, so reaching the threshold shortlists it and notifies the secretariat exactly once.
import type { Db } from "../../storage/database.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";
import { DomainError } from "../errors.ts";
import { candidateLabel } from "./find-candidate.ts";
import { impliedFiscalYear, type InterestLevel } from "./interest-levels.ts";
import { applyScreening } from "./screen-candidate.ts";

export interface InterestInput {
  candidateId: string;
  bodyId: string;
  level: InterestLevel;
  /** the target fiscal year; when absent, next year's or the year after's plan implies one */
  fiscalYear?: number | null;
  note?: string;
  /** the person recording it in chat (staff of the body, or the secretariat); absent for the CLI */
  personId?: string;
  /** person:<id> or cli:<user> */
  actor: string;
  via: string;
  /** the current fiscal year, for the year a plan implies */
  currentFiscalYear: number;
}

export async function recordInterest(db: Db, input: InterestInput, now: Date) {
  const note = (input.note ?? "").trim();
  if (note.length > 1000) throw new DomainError("candidates.interest.noteTooLong", { max: 1000 });
  if (
    input.fiscalYear !== undefined &&
    input.fiscalYear !== null &&
    (input.fiscalYear < input.currentFiscalYear || input.fiscalYear > input.currentFiscalYear + 10)
  ) {
    throw new DomainError("candidates.interest.badFiscalYear", { year: input.fiscalYear });
  }
  const fiscalYear = input.fiscalYear === undefined ? (impliedFiscalYear(input.level, input.currentFiscalYear) ?? null) : input.fiscalYear;
  return db.$transaction(async (tx) => {
    const candidate = await tx.procurementCandidate.findUniqueOrThrow({ where: { id: input.candidateId } });
    if (candidate.archivedAt) throw new DomainError("candidates.archived", { label: candidateLabel(candidate) });
    const body = await tx.body.findUniqueOrThrow({ where: { id: input.bodyId } });
    if (body.councilId !== candidate.councilId || !body.active) throw new DomainError("candidates.interest.notMember", { body: body.name });
    if (input.personId) {
      const staff = await tx.staffMembership.findFirst({ where: { personId: input.personId, bodyId: body.id, endedAt: null } });
      const secretariat = await tx.personRole.count({ where: { personId: input.personId, role: { in: ["secretariat", "admin"] } } });
      if (!staff && secretariat === 0) throw new DomainError("candidates.interest.notStaff", { body: body.name });
    }
    const previous = await tx.candidateInterest.findFirst({ where: { candidateId: candidate.id, bodyId: body.id, current: true } });
    if (previous && previous.level === input.level && previous.fiscalYear === fiscalYear && previous.note === note) {
      return { candidate, body, interest: previous, previous, unchanged: true, shortlistedNow: false, notified: 0, screening: undefined };
    }
    if (previous) await tx.candidateInterest.update({ where: { id: previous.id }, data: { current: false, currentKey: null } });
    const interest = await tx.candidateInterest.create({
      data: {
        candidateId: candidate.id,
        bodyId: body.id,
        recordedBy: input.actor,
        level: input.level,
        fiscalYear,
        note,
        via: input.via,
        current: true,
        currentKey: `${candidate.id}:${body.id}`,
        recordedAt: now,
      },
    });
    await appendAuditEntry(tx, {
      actor: input.actor,
      action: "candidates.interest",
      subject: `candidate:${candidate.id}`,
      payload: {
        bodyId: body.id,
        interestId: interest.id,
        level: input.level,
        fiscalYear,
        note,
        replaces: previous?.id ?? null,
        previousLevel: previous?.level ?? null,
      },
      at: now,
    });
    const { result, shortlistedNow, notified } = await applyScreening(tx, candidate, now, input.actor);
    return {
      candidate,
      body,
      interest,
      previous: previous ?? undefined,
      unchanged: false,
      shortlistedNow,
      notified: notified ?? 0,
      screening: result,
    };
  });
}

// Names an alternate for a seat. While a delegation period is set and current, the alternate may act
// (vote) for the seat instead of the representative.
import type { Db } from "../../storage/database.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";
import { DomainError } from "../errors.ts";

export interface AlternateInput {
  seatId: string;
  personId: string;
  delegatedFrom?: Date | null;
  delegatedUntil?: Date | null;
}

export async function setAlternate(db: Db, input: AlternateInput, actor: string) {
  if (input.delegatedFrom && input.delegatedUntil && input.delegatedUntil < input.delegatedFrom) {
    throw new DomainError("organs.badDelegationPeriod", {});
  }
  return db.$transaction(async (tx) => {
    const seat = await tx.seat.findUniqueOrThrow({ where: { id: input.seatId } });
    const staff = await tx.staffMembership.findFirst({ where: { personId: input.personId, bodyId: seat.bodyId, endedAt: null } });
    if (!staff) throw new DomainError("organs.representativeNotStaff", {});
    const period = { delegatedFrom: input.delegatedFrom ?? null, delegatedUntil: input.delegatedUntil ?? null };
    const alternate = await tx.seatAlternate.upsert({
      where: { seatId_personId: { seatId: input.seatId, personId: input.personId } },
      create: { seatId: input.seatId, personId: input.personId, ...period },
      update: period,
    });
    await appendAuditEntry(tx, {
      actor,
      action: "organs.alternate.set",
      subject: `seat:${input.seatId}`,
      payload: { personId: input.personId, ...period },
    });
    return alternate;
  });
}

/** Whether an alternate's delegation covers an instant (no period set means "not delegated"). */
export function delegationActive(alt: { delegatedFrom: Date | null; delegatedUntil: Date | null }, at: Date): boolean {
  if (!alt.delegatedFrom && !alt.delegatedUntil) return false;
  if (alt.delegatedFrom && at < alt.delegatedFrom) return false;
  if (alt.delegatedUntil && at > alt.delegatedUntil) return false;
  return true;
}

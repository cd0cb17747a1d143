// Gives a body a seat on an organ, optionally naming its representative and role (chair, vice chair).
import type { Db } from "../../storage/database.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";
import { DomainError } from "../errors.ts";
import type { SeatRole } from "./organ-kinds.ts";

export interface SeatInput {
  organId: string;
  bodyId: string;
  representativeId?: string | null;
  role?: SeatRole;
}

export async function assignSeat(db: Db, input: SeatInput, actor: string) {
  return db.$transaction(async (tx) => {
    const organ = await tx.organ.findUniqueOrThrow({ where: { id: input.organId } });
    if (organ.dissolvedAt) throw new DomainError("organs.dissolved", { name: organ.name });
    if (input.representativeId) {
      // A representative speaks for the body, so they must be its staff.
      const staff = await tx.staffMembership.findFirst({
        where: { personId: input.representativeId, bodyId: input.bodyId, endedAt: null },
      });
      if (!staff) throw new DomainError("organs.representativeNotStaff", {});
    }
    const data = {
      ...(input.representativeId !== undefined ? { representativeId: input.representativeId } : {}),
      ...(input.role ? { role: input.role } : {}),
    };
    const seat = await tx.seat.upsert({
      where: { organId_bodyId: { organId: input.organId, bodyId: input.bodyId } },
      create: {
        organId: input.organId,
        bodyId: input.bodyId,
        representativeId: input.representativeId ?? null,
        role: input.role ?? "member",
      },
      update: data,
    });
    await appendAuditEntry(tx, { actor, action: "organs.seat.assign", subject: `seat:${seat.id}`, payload: { ...input } });
    return seat;
  });
}

export async function removeSeat(db: Db, organId: string, bodyId: string, actor: string) {
  return db.$transaction(async (tx) => {
    const seat = await tx.seat.findUnique({ where: { organId_bodyId: { organId, bodyId } } });
    if (!seat) throw new DomainError("organs.noSeat", {});
    await tx.seatAlternate.deleteMany({ where: { seatId: seat.id } });
    await tx.seat.delete({ where: { id: seat.id } });
    await appendAuditEntry(tx, { actor, action: "organs.seat.remove", subject: `seat:${seat.id}`, payload: { organId, bodyId } });
  });
}

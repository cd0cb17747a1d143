// Who speaks for a body: its primary contacts (or, when none is marked, all its staff), and who holds
// a seat: the representative plus alternates whose delegation is current.
import type { DbOrTx } from "../../storage/database.ts";
import { delegationActive } from "../organs/set-alternate.ts";
import type { PendingParty } from "./response-tracker.ts";
import { findInSlices } from "../../storage/chunked.ts";

export async function bodyContacts(db: DbOrTx, bodyIds: string[]): Promise<Map<string, PendingParty>> {
  const bodies = await findInSlices(bodyIds, (ids) =>
    db.body.findMany({ where: { id: { in: ids } }, include: { staff: { where: { endedAt: null } } } }),
  );
  return new Map(
    bodies.map((body) => {
      const allStaffIds = body.staff.map((s) => s.personId);
      const primary = body.staff.filter((s) => s.primaryContact).map((s) => s.personId);
      return [body.id, { bodyId: body.id, bodyName: body.name, usualContactIds: primary.length > 0 ? primary : allStaffIds, allStaffIds }];
    }),
  );
}

export async function seatContacts(db: DbOrTx, seatIds: string[], now: Date): Promise<Map<string, PendingParty>> {
  const seats = await findInSlices(seatIds, (ids) =>
    db.seat.findMany({
      where: { id: { in: ids } },
      include: { alternates: true, body: { include: { staff: { where: { endedAt: null } } } } },
    }),
  );
  return new Map(
    seats.map((seat) => {
      const holders = [seat.representativeId, ...seat.alternates.filter((a) => delegationActive(a, now)).map((a) => a.personId)].filter(
        (id): id is string => Boolean(id),
      );
      const allStaffIds = seat.body.staff.map((s) => s.personId);
      // A seat without a named representative is chased through the body's staff.
      return [
        seat.id,
        { bodyId: seat.bodyId, bodyName: seat.body.name, usualContactIds: holders.length > 0 ? holders : allStaffIds, allStaffIds },
      ];
    }),
  );
}

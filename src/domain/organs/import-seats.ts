// Seats on an organ from a spreadsheet (body, representative, role), all or nothing: each row is checked
// first — the body exists, the representative is registered and is staff of that body (a representative
// speaks for the body), the role is known, no body twice — and one problem anywhere writes nothing. Then
// one transaction creates the new seats in chunks and updates the ones that change; one audit entry.
import { randomUUID } from "node:crypto";
import { normalizeInput } from "../../lib/japanese/normalize.ts";
import type { Db } from "../../storage/database.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";
import { bodyLookup, createInChunks, readImportRows, type ImportOutcome, type RowProblem } from "../bulk/row-problems.ts";
import { DomainError } from "../errors.ts";
import type { SeatRole } from "./organ-kinds.ts";

export const SEAT_COLUMNS: Record<string, string> = {
  body: "body",
  団体: "body",
  団体名: "body",
  団体コード: "body",
  representative: "representative",
  rep: "representative",
  handle: "representative",
  代表者: "representative",
  委員: "representative",
  role: "role",
  役割: "role",
  役職: "role",
};

const ROLE_WORDS: Record<string, SeatRole> = {
  "": "member",
  member: "member",
  委員: "member",
  chair: "chair",
  議長: "chair",
  会長: "chair",
  委員長: "chair",
  部会長: "chair",
  vice_chair: "vice_chair",
  "vice chair": "vice_chair",
  副議長: "vice_chair",
  副会長: "vice_chair",
  副委員長: "vice_chair",
  副部会長: "vice_chair",
};

export interface SeatImportReport {
  created: number;
  updated: number;
  unchanged: number;
}

interface SeatRow {
  bodyId: string;
  representativeId: string | null;
  role: SeatRole;
}

export async function importSeats(
  db: Db,
  councilId: string,
  organId: string,
  csv: string,
  actor: string,
): Promise<ImportOutcome<SeatImportReport>> {
  const rows = readImportRows(csv, SEAT_COLUMNS, ["body"]);
  const organ = await db.organ.findUniqueOrThrow({ where: { id: organId } });
  if (organ.dissolvedAt) throw new DomainError("organs.dissolved", { name: organ.name });
  const body = await bodyLookup(db, councilId);
  const people = new Map(
    (
      await db.person.findMany({
        where: { councilId },
        select: { id: true, handle: true, memberships: { where: { endedAt: null }, select: { bodyId: true } } },
      })
    ).map((p) => [p.handle, p]),
  );
  const problems: RowProblem[] = [];
  const seats: SeatRow[] = [];
  const firstLine = new Map<string, number>();
  for (const { line, cells } of rows) {
    const found = body(cells.body ?? "");
    if (!found) problems.push({ line, key: "bulk.bodyNotFound", vars: { body: cells.body } });
    const handle = normalizeInput(cells.representative ?? "").toLowerCase();
    const person = handle ? people.get(handle) : undefined;
    if (handle && !person) problems.push({ line, key: "bulk.seats.unknownPerson", vars: { handle } });
    if (found && person && !person.memberships.some((m) => m.bodyId === found.id))
      problems.push({ line, key: "bulk.seats.notStaff", vars: { handle, body: found.name } });
    const role = ROLE_WORDS[normalizeInput(cells.role ?? "").toLowerCase()];
    if (!role) problems.push({ line, key: "bulk.seats.badRole", vars: { role: cells.role } });
    if (!found) continue;
    const seen = firstLine.get(found.id);
    if (seen !== undefined) problems.push({ line, key: "bulk.seats.duplicate", vars: { body: found.name, first: seen } });
    firstLine.set(found.id, line);
    seats.push({ bodyId: found.id, representativeId: person?.id ?? null, role: role ?? "member" });
  }
  if (problems.length > 0) return { written: false, problems };

  const report: SeatImportReport = { created: 0, updated: 0, unchanged: 0 };
  await db.$transaction(
    async (tx) => {
      const existing = new Map((await tx.seat.findMany({ where: { organId } })).map((s) => [s.bodyId, s]));
      const fresh: Array<SeatRow & { id: string; organId: string }> = [];
      for (const seat of seats) {
        const known = existing.get(seat.bodyId);
        if (!known) {
          fresh.push({ id: randomUUID(), organId, ...seat });
          report.created += 1;
        } else if (known.representativeId !== seat.representativeId || known.role !== seat.role) {
          await tx.seat.update({ where: { id: known.id }, data: { representativeId: seat.representativeId, role: seat.role } });
          report.updated += 1;
        } else report.unchanged += 1;
      }
      await createInChunks(fresh, (data) => tx.seat.createMany({ data }));
      await appendAuditEntry(tx, {
        actor,
        action: "organs.seats.import",
        subject: `organ:${organId}`,
        payload: { ...report, seats: seats.map((s) => ({ bodyId: s.bodyId, representativeId: s.representativeId, role: s.role })) },
      });
    },
    { timeout: 120_000 },
  );
  return { written: true, report };
}

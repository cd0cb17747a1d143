// Turns a spec's "participants" (all / listed names or codes / an organ / all except some) into the
// bodies with the statistics the share methods read. Every unknown name is reported, not just the first.
import type { DbOrTx } from "../../storage/database.ts";
import { findBody } from "../bodies/find-body.ts";
import type { BodyKind } from "../bodies/local-government-code.ts";
import { DomainError } from "../errors.ts";
import { findOrgan } from "../organs/find-organ.ts";
import { statisticKey, type Participant, type StatisticKind } from "./share-methods.ts";
import type { ParticipantsSelection } from "./share-spec.ts";
import { bodyOrderKey } from "../usage/body-order.ts";
import { findInSlices } from "../../storage/chunked.ts";

export type BodyRecord = { id: string; code: string | null; name: string; kind: string };

async function findAll(db: DbOrTx, councilId: string, names: string[]): Promise<BodyRecord[]> {
  const found: BodyRecord[] = [];
  const unknown: string[] = [];
  for (const name of names) {
    try {
      found.push(await findBody(db, councilId, name));
    } catch (error) {
      if (error instanceof DomainError) unknown.push(name);
      else throw error;
    }
  }
  if (unknown.length > 0) throw new DomainError("money.unknownBodies", { names: unknown.join("、") });
  return found;
}

export async function selectBodies(db: DbOrTx, councilId: string, selection: ParticipantsSelection): Promise<BodyRecord[]> {
  const active = await db.body.findMany({
    where: { councilId, active: true },
    orderBy: [{ code: { sort: "asc", nulls: "last" } }, { name: "asc" }],
  });
  if (selection === "all") return active;
  if (Array.isArray(selection)) {
    const bodies = await findAll(db, councilId, selection);
    const ids = new Set<string>();
    const dupes = bodies.filter((b) => (ids.has(b.id) ? true : (ids.add(b.id), false)));
    if (dupes.length > 0) throw new DomainError("money.duplicateParticipant", { names: dupes.map((b) => b.name).join("、") });
    return bodies;
  }
  if ("organ" in selection) {
    const organ = await findOrgan(db, councilId, selection.organ);
    const seats = await db.seat.findMany({ where: { organId: organ.id }, select: { bodyId: true } });
    const ids = new Set(seats.map((s) => s.bodyId));
    return active.filter((b) => ids.has(b.id));
  }
  const excluded = new Set((await findAll(db, councilId, selection.except)).map((b) => b.id));
  return active.filter((b) => !excluded.has(b.id));
}

/** Bodies as share participants, with the statistics of the given kinds and years loaded. */
export async function asParticipants(
  db: DbOrTx,
  bodies: BodyRecord[],
  needs: Array<{ kind: StatisticKind; year: number }>,
): Promise<Participant[]> {
  const stats =
    needs.length === 0
      ? []
      : await findInSlices(
          bodies.map((b) => b.id),
          (ids) =>
            db.bodyStatistic.findMany({
              where: { bodyId: { in: ids }, OR: needs.map((n) => ({ kind: n.kind, fiscalYear: n.year })) },
            }),
        );
  return bodies.map((b) => ({
    key: b.id,
    order: bodyOrderKey(b),
    name: b.name,
    kind: b.kind as BodyKind,
    statistics: new Map(stats.filter((s) => s.bodyId === b.id).map((s) => [statisticKey(s.kind as StatisticKind, s.fiscalYear), s.value])),
  }));
}

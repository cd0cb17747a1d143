import { nameKey } from "../../lib/japanese/normalize.ts";
import type { DbOrTx } from "../../storage/database.ts";
import { DomainError } from "../errors.ts";

/** By slug (sokai) or by name (総会). */
export async function findOrgan(db: DbOrTx, councilId: string, query: string) {
  const bySlug = await db.organ.findUnique({ where: { councilId_slug: { councilId, slug: query.trim().toLowerCase() } } });
  if (bySlug) return bySlug;
  const all = await db.organ.findMany({ where: { councilId } });
  const found = all.find((o) => nameKey(o.name) === nameKey(query));
  if (!found) throw new DomainError("organs.notFound", { query });
  return found;
}

export async function listOrgans(db: DbOrTx, councilId: string, includeDissolved = false) {
  return db.organ.findMany({
    where: { councilId, ...(includeDissolved ? {} : { dissolvedAt: null }) },
    orderBy: { createdAt: "asc" },
    include: { _count: { select: { seats: true } } },
  });
}

export async function listSeats(db: DbOrTx, organId: string) {
  return db.seat.findMany({
    where: { organId },
    include: { body: true, representative: true, alternates: { include: { person: true } } },
    orderBy: [{ body: { code: { sort: "asc", nulls: "last" } } }],
  });
}

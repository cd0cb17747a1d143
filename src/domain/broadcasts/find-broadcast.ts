import type { DbOrTx } from "../../storage/database.ts";
import { DomainError } from "../errors.ts";

/** By full id or the short id shown to people (its last six characters); latest first when listing. */
export async function findBroadcast(db: DbOrTx, councilId: string, ref: string) {
  const candidates = await db.broadcast.findMany({ where: { councilId, id: { endsWith: ref.trim() } }, take: 2 });
  if (candidates.length !== 1) throw new DomainError("broadcasts.notFound", { id: ref });
  return candidates[0]!;
}

export async function recentBroadcasts(db: DbOrTx, councilId: string, take = 10) {
  return db.broadcast.findMany({ where: { councilId }, orderBy: { createdAt: "desc" }, take });
}

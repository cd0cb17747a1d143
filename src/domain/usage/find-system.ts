// Finds a shared system by slug (e-procurement) or name (電子調達), as people type it.
import { nameKey } from "../../lib/japanese/normalize.ts";
import type { DbOrTx } from "../../storage/database.ts";
import { DomainError } from "../errors.ts";

export async function findSystem(db: DbOrTx, councilId: string, query: string) {
  const bySlug = await db.sharedSystem.findUnique({ where: { councilId_slug: { councilId, slug: query.trim().toLowerCase() } } });
  if (bySlug) return bySlug;
  const all = await db.sharedSystem.findMany({ where: { councilId } });
  const key = nameKey(query);
  const found =
    all.find((s) => nameKey(s.name) === key || (s.nameEn && nameKey(s.nameEn) === key)) ??
    (() => {
      const partial = all.filter((s) => nameKey(s.name).includes(key));
      return partial.length === 1 ? partial[0] : undefined;
    })();
  if (!found) throw new DomainError("usage.systems.notFound", { query, known: all.map((s) => `${s.slug}（${s.name}）`).join("、") || "—" });
  return found;
}

export async function listSystems(db: DbOrTx, councilId: string) {
  return db.sharedSystem.findMany({ where: { councilId }, orderBy: { createdAt: "asc" } });
}

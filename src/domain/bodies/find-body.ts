// Finds a member body from what a person or the secretariat typed: its code (full-width too) or its name
// in any common spelling (鎌ヶ谷市 / 鎌ケ谷市, with or without 市).
import { nameKey, normalizeInput } from "../../lib/japanese/normalize.ts";
import type { DbOrTx } from "../../storage/database.ts";
import { DomainError } from "../errors.ts";

/** A body's name is a few dozen characters; a longer search is a mistake or an attack on SQLite's LIKE
 *  (100k characters gave "LIKE or GLOB pattern too complex"). */
export const MAX_BODY_QUERY_CHARS = 200;

function boundedQuery(query: string): string {
  if (query.length > MAX_BODY_QUERY_CHARS) throw new DomainError("security.searchTooLong", { max: MAX_BODY_QUERY_CHARS });
  return query;
}

export async function findBody(db: DbOrTx, councilId: string, query: string) {
  const text = normalizeInput(boundedQuery(query));
  if (/^\d{6}$/.test(text)) {
    const byCode = await db.body.findFirst({ where: { councilId, code: text } });
    if (byCode) return byCode;
  }
  const key = nameKey(text);
  const exact = await db.body.findFirst({ where: { councilId, nameKey: key } });
  if (exact) return exact;
  const partial = await db.body.findMany({ where: { councilId, nameKey: { startsWith: key } }, take: 6 });
  if (partial.length === 1) return partial[0]!;
  if (partial.length > 1) throw new DomainError("bodies.ambiguous", { query, candidates: partial.map((b) => b.name).join("、") });
  throw new DomainError("bodies.notFound", { query });
}

export async function listBodies(db: DbOrTx, councilId: string, search?: string) {
  const where = search ? { councilId, nameKey: { contains: nameKey(boundedQuery(search)) } } : { councilId };
  return db.body.findMany({ where, orderBy: [{ code: { sort: "asc", nulls: "last" } }, { name: "asc" }] });
}

// Finding candidates from what people type (3, 案件3, #3, or the name) and reading their stored JSON fields.
import { z } from "zod";
import { readJsonColumn, StoredJsonError } from "../../lib/json-column.ts";
import { nameKey, normalizeInput } from "../../lib/japanese/normalize.ts";
import type { DbOrTx } from "../../storage/database.ts";
import { DomainError } from "../errors.ts";

export type CandidateRow = Awaited<ReturnType<DbOrTx["procurementCandidate"]["findFirstOrThrow"]>>;

/** 案件3 in Japanese, "Candidate 3" in English: the label people see everywhere. */
export function candidateLabel(candidate: { number: number; name: string }, locale: "ja" | "en" = "ja"): string {
  return locale === "en" ? `Candidate ${candidate.number} ${candidate.name}` : `案件${candidate.number} ${candidate.name}`;
}

/** 3, ３, 案件3, #3, No.3, c3 → 3. */
export function parseCandidateNumber(text: string): number | undefined {
  const t = normalizeInput(text).replace(/^(案件|候補|candidate|no\.?|#|c)/i, "");
  if (!/^\d{1,6}$/.test(t)) return undefined;
  const n = Number(t);
  return n >= 1 ? n : undefined;
}

/** A stored list of words (products, links); entries that are not text are dropped rather than shown as "[object]". */
const stringListSchema = z.array(z.unknown()).transform((items) => items.filter((v): v is string => typeof v === "string"));

/** ProcurementCandidate.products / .links: a damaged or hand-edited value reads as an empty list, never a crash. */
export function stringList(json: string, where = "ProcurementCandidate list"): string[] {
  try {
    return readJsonColumn(stringListSchema, json, where);
  } catch (error) {
    if (error instanceof StoredJsonError) return [];
    throw error;
  }
}

/** By number, or by name when exactly one active candidate matches. */
export async function findCandidate(db: DbOrTx, councilId: string, query: string): Promise<CandidateRow> {
  const number = parseCandidateNumber(query);
  if (number !== undefined) {
    const found = await db.procurementCandidate.findUnique({ where: { councilId_number: { councilId, number } } });
    if (found) return found;
    throw new DomainError("candidates.notFound", { query });
  }
  const key = nameKey(query);
  const all = await db.procurementCandidate.findMany({ where: { councilId }, orderBy: { number: "asc" } });
  const exact = all.filter((c) => nameKey(c.name) === key);
  const matches = exact.length > 0 ? exact : all.filter((c) => nameKey(c.name).includes(key));
  const active = matches.filter((c) => !c.archivedAt);
  const pick = active.length > 0 ? active : matches;
  if (pick.length === 1) return pick[0]!;
  if (pick.length > 1) throw new DomainError("candidates.ambiguous", { query, candidates: pick.map((c) => candidateLabel(c)).join("、") });
  throw new DomainError("candidates.notFound", { query });
}

export async function listCandidates(db: DbOrTx, councilId: string, options: { includeArchived?: boolean } = {}): Promise<CandidateRow[]> {
  return db.procurementCandidate.findMany({
    where: { councilId, ...(options.includeArchived ? {} : { archivedAt: null }) },
    orderBy: { number: "asc" },
  });
}

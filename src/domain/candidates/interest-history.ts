// Every interest a body recorded for a candidate, earlier ones too, with who recorded it, when and
// through which channel: the answer to "who changed our answer, and when?".
import type { DbOrTx } from "../../storage/database.ts";
import { isInterestLevel, type InterestLevel } from "./interest-levels.ts";

export interface HistoryEntry {
  candidateNumber: number;
  candidateName: string;
  bodyId: string;
  bodyCode: string | null;
  bodyName: string;
  level: InterestLevel;
  fiscalYear: number | null;
  note: string;
  /** the person's display name, or the CLI user */
  recordedBy: string;
  via: string;
  recordedAt: Date;
  current: boolean;
}

/** Newest first. Narrowed to a candidate and/or a body when given. */
export async function interestHistory(
  db: DbOrTx,
  councilId: string,
  filter: { candidateId?: string; bodyId?: string } = {},
): Promise<HistoryEntry[]> {
  const rows = await db.candidateInterest.findMany({
    where: {
      candidate: { councilId },
      ...(filter.candidateId ? { candidateId: filter.candidateId } : {}),
      ...(filter.bodyId ? { bodyId: filter.bodyId } : {}),
    },
    include: { candidate: { select: { number: true, name: true } } },
    orderBy: [{ recordedAt: "desc" }, { id: "desc" }],
  });
  const bodies = new Map(
    (await db.body.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.bodyId))] } } })).map((b) => [b.id, b]),
  );
  const personIds = [
    ...new Set(
      rows
        .map((r) => r.recordedBy)
        .filter((a) => a.startsWith("person:"))
        .map((a) => a.slice("person:".length)),
    ),
  ];
  const people = new Map((await db.person.findMany({ where: { id: { in: personIds } } })).map((p) => [`person:${p.id}`, p.displayName]));
  return rows
    .filter((r) => isInterestLevel(r.level))
    .map((r) => ({
      candidateNumber: r.candidate.number,
      candidateName: r.candidate.name,
      bodyId: r.bodyId,
      bodyCode: bodies.get(r.bodyId)?.code ?? null,
      bodyName: bodies.get(r.bodyId)?.name ?? "?",
      level: r.level as InterestLevel,
      fiscalYear: r.fiscalYear,
      note: r.note,
      recordedBy: people.get(r.recordedBy) ?? r.recordedBy,
      via: r.via,
      recordedAt: r.recordedAt,
      current: r.current,
    }));
}

// The candidate board: for each candidate the number of bodies at each interest level, which bodies
// those are, and the screening against the council's rule; for one candidate also the trend by month.
// Shared by the chat, the CLI and the exports, so they all show the same numbers.
import type { DbOrTx } from "../../storage/database.ts";
import { loadCandidateSettings, type CandidateSettings } from "./candidate-settings.ts";
import { listCandidates, stringList, type CandidateRow } from "./find-candidate.ts";
import { INTEREST_LEVELS, isInterestLevel, type InterestLevel } from "./interest-levels.ts";
import { countLevels, monthlyTrend, type LevelCounts, type TrendPoint } from "./interest-trend.ts";
import { readBasis, type ShortlistBasis } from "./screen-candidate.ts";
import { screen, type ScreeningResult } from "./screening.ts";

export interface BoardBody {
  id: string;
  code: string | null;
  name: string;
  fiscalYear: number | null;
  note: string;
  recordedAt: Date;
}

export interface BoardEntry {
  candidate: CandidateRow;
  products: string[];
  links: string[];
  counts: LevelCounts;
  bodies: Record<InterestLevel, BoardBody[]>;
  /** member bodies with any level recorded */
  answered: number;
  screening: ScreeningResult;
  basis: ShortlistBasis | undefined;
  workingGroup: { id: string; slug: string; name: string; seats: number; dissolved: boolean } | undefined;
}

export interface Board {
  settings: CandidateSettings;
  members: number;
  entries: BoardEntry[];
}

export async function loadBoard(
  db: DbOrTx,
  councilId: string,
  options: { includeArchived?: boolean; candidates?: CandidateRow[] } = {},
): Promise<Board> {
  const settings = await loadCandidateSettings(db, councilId);
  const bodies = await db.body.findMany({
    where: { councilId, active: true },
    orderBy: [{ code: { sort: "asc", nulls: "last" } }, { name: "asc" }],
  });
  const order = new Map(bodies.map((b, i) => [b.id, i]));
  const byId = new Map(bodies.map((b) => [b.id, b]));
  const candidates = options.candidates ?? (await listCandidates(db, councilId, options));
  const rows = await db.candidateInterest.findMany({ where: { candidateId: { in: candidates.map((c) => c.id) }, current: true } });
  const organIds = candidates.map((c) => c.workingGroupId).filter((id): id is string => Boolean(id));
  const organs = await db.organ.findMany({ where: { id: { in: organIds } }, include: { _count: { select: { seats: true } } } });
  const entries = candidates.map((candidate) => {
    const mine = rows
      .filter((r) => r.candidateId === candidate.id && byId.has(r.bodyId) && isInterestLevel(r.level))
      .sort((a, b) => order.get(a.bodyId)! - order.get(b.bodyId)!);
    const perLevel = Object.fromEntries(INTEREST_LEVELS.map((l) => [l, [] as BoardBody[]])) as Record<InterestLevel, BoardBody[]>;
    for (const r of mine) {
      const body = byId.get(r.bodyId)!;
      perLevel[r.level as InterestLevel].push({
        id: body.id,
        code: body.code,
        name: body.name,
        fiscalYear: r.fiscalYear,
        note: r.note,
        recordedAt: r.recordedAt,
      });
    }
    const levels = mine.map((r) => r.level as InterestLevel);
    const organ = organs.find((o) => o.id === candidate.workingGroupId);
    return {
      candidate,
      products: stringList(candidate.products, `ProcurementCandidate ${candidate.id}.products`),
      links: stringList(candidate.links, `ProcurementCandidate ${candidate.id}.links`),
      counts: countLevels(levels),
      bodies: perLevel,
      answered: mine.length,
      screening: screen(settings.rule, bodies.length, levels),
      basis: readBasis(candidate.shortlistBasis),
      workingGroup: organ
        ? { id: organ.id, slug: organ.slug, name: organ.name, seats: organ._count.seats, dissolved: Boolean(organ.dissolvedAt) }
        : undefined,
    };
  });
  return { settings, members: bodies.length, entries };
}

/** Interest by month for one candidate, from its whole history. */
export async function candidateTrend(db: DbOrTx, candidate: CandidateRow, now: Date, zone: string): Promise<TrendPoint[]> {
  const history = await db.candidateInterest.findMany({
    where: { candidateId: candidate.id },
    select: { bodyId: true, level: true, recordedAt: true },
  });
  const active = new Set(
    (await db.body.findMany({ where: { councilId: candidate.councilId, active: true }, select: { id: true } })).map((b) => b.id),
  );
  const points = history
    .filter((h) => active.has(h.bodyId) && isInterestLevel(h.level))
    .map((h) => ({ bodyId: h.bodyId, level: h.level as InterestLevel, recordedAt: h.recordedAt }));
  return monthlyTrend(points, candidate.createdAt, now, zone);
}

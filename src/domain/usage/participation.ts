// Participation summaries: how many of the bodies asked actually answered — survey response rates, ballot
// turnout (a seat counts once it cast a current vote on any motion of the ballot) and inquiries — per
// item, per organ and per body. Read-only over the surveys, motions and inquiries tables; an item whose
// audience is not an organ counts under "all members".
import { readAudience } from "../surveys/stored-survey.ts";
import type { DbOrTx } from "../../storage/database.ts";
import { fiscalYearOf, localDateOf } from "../../lib/japanese/era.ts";
import { Dec } from "../../lib/yen.ts";
import { compareBodies } from "./body-order.ts";
import { findInSlices } from "../../storage/chunked.ts";
import { votesCountedByStoredOptions } from "../motions/counted-vote.ts";

export type ItemKind = "survey" | "ballot" | "inquiry";

export interface Tally {
  eligible: number;
  answered: number;
}

export interface ParticipationItem extends Tally {
  kind: ItemKind;
  number: number;
  title: string;
  /** organ name, or undefined for all members */
  organ: string | undefined;
}

export interface ParticipationSummary {
  fiscalYear: number | undefined;
  items: ParticipationItem[];
  byOrgan: Array<Tally & { organ: string | undefined; kinds: Record<ItemKind, Tally> }>;
  byBody: Array<Tally & { bodyId: string; code: string | null; name: string; kinds: Record<ItemKind, Tally> }>;
}

/** Percentage to one decimal, or undefined when nobody was asked. */
export function rate(t: Tally): Dec | undefined {
  return t.eligible === 0 ? undefined : new Dec(t.answered).div(t.eligible).mul(100).toDecimalPlaces(1, Dec.ROUND_HALF_UP);
}

const emptyKinds = (): Record<ItemKind, Tally> => ({
  survey: { eligible: 0, answered: 0 },
  ballot: { eligible: 0, answered: 0 },
  inquiry: { eligible: 0, answered: 0 },
});

interface RawItem {
  kind: ItemKind;
  number: number;
  title: string;
  organ: string | undefined;
  due: Date;
  eligible: string[];
  answered: Set<string>;
}

export async function participationSummary(
  db: DbOrTx,
  councilId: string,
  options: { fiscalYear?: number; timezone?: string } = {},
): Promise<ParticipationSummary> {
  const organs = await db.organ.findMany({ where: { councilId } });
  const organName = new Map(organs.map((o) => [o.id, o.name]));
  const organBySlug = new Map(organs.map((o) => [o.slug, o.name]));
  const raw: RawItem[] = [];

  const surveys = await db.survey.findMany({
    where: { councilId },
    include: { targets: true, submissions: { where: { current: true }, select: { bodyId: true } } },
  });
  for (const s of surveys) {
    const audience = readAudience(s.audience, `Survey ${s.id}.audience`);
    const organ = audience.kind === "organ" ? (organBySlug.get(audience.organ) ?? audience.organ) : undefined;
    raw.push({
      kind: "survey",
      number: s.number,
      title: s.title,
      organ,
      due: s.dueAt,
      eligible: s.targets.map((x) => x.bodyId),
      answered: new Set(s.submissions.map((x) => x.bodyId)),
    });
  }

  const ballots = await db.ballot.findMany({
    where: { councilId },
    include: { roll: true, motions: { select: { id: true, options: true } } },
  });
  for (const b of ballots) {
    const votes = await db.motionVote.findMany({
      where: { ballotId: b.id, current: true },
      select: { seatId: true, motionId: true, choice: true },
    });
    // A vote for an option its motion does not have is no vote (counted-vote.ts), here as in turnout.
    const voted = new Set(votesCountedByStoredOptions(b.motions, votes).map((v) => v.seatId));
    // Turnout is per seat; a seat belongs to one body, so the body answered when its seat voted.
    raw.push({
      kind: "ballot",
      number: b.number,
      title: b.title,
      organ: organName.get(b.organId),
      due: b.deadline,
      eligible: b.roll.map((s) => s.bodyId),
      answered: new Set(b.roll.filter((s) => voted.has(s.seatId)).map((s) => s.bodyId)),
    });
  }

  const inquiries = await db.inquiry.findMany({
    where: { councilId },
    include: { targets: true, responses: { where: { current: true }, select: { bodyId: true } } },
  });
  for (const q of inquiries)
    raw.push({
      kind: "inquiry",
      number: q.number,
      title: q.title,
      organ: undefined,
      due: q.dueAt,
      eligible: q.targets.map((x) => x.bodyId),
      answered: new Set(q.responses.map((x) => x.bodyId)),
    });

  const zone = options.timezone ?? "Asia/Tokyo";
  const chosen = options.fiscalYear === undefined ? raw : raw.filter((r) => fiscalYearOf(localDateOf(r.due, zone)) === options.fiscalYear);
  const items = chosen.map((r) => ({
    kind: r.kind,
    number: r.number,
    title: r.title,
    organ: r.organ,
    eligible: r.eligible.length,
    answered: r.eligible.filter((b) => r.answered.has(b)).length,
  }));

  const organTallies = new Map<string, { organ: string | undefined; eligible: number; answered: number; kinds: Record<ItemKind, Tally> }>();
  for (const item of items) {
    const key = item.organ ?? "";
    const tally = organTallies.get(key) ?? { organ: item.organ, eligible: 0, answered: 0, kinds: emptyKinds() };
    tally.eligible += item.eligible;
    tally.answered += item.answered;
    tally.kinds[item.kind].eligible += item.eligible;
    tally.kinds[item.kind].answered += item.answered;
    organTallies.set(key, tally);
  }

  const bodyTallies = new Map<string, { eligible: number; answered: number; kinds: Record<ItemKind, Tally> }>();
  for (const r of chosen) {
    for (const bodyId of new Set(r.eligible)) {
      const tally = bodyTallies.get(bodyId) ?? { eligible: 0, answered: 0, kinds: emptyKinds() };
      const answered = r.answered.has(bodyId) ? 1 : 0;
      tally.eligible += 1;
      tally.answered += answered;
      tally.kinds[r.kind].eligible += 1;
      tally.kinds[r.kind].answered += answered;
      bodyTallies.set(bodyId, tally);
    }
  }
  const bodies = await findInSlices(bodyTallies.keys(), (ids) =>
    db.body.findMany({ where: { id: { in: ids } }, select: { id: true, code: true, name: true } }),
  );
  const byBody = bodies
    .map((b) => ({ bodyId: b.id, code: b.code, name: b.name, ...bodyTallies.get(b.id)! }))
    .sort((a, b) => a.answered / a.eligible - b.answered / b.eligible || compareBodies(a, b));
  return { fiscalYear: options.fiscalYear, items, byOrgan: [...organTallies.values()], byBody };
}

// Loading ballots: by number, with their motions' options and rules parsed, and the roll with who may
// vote for each seat now (the representative, or an alternate while a delegation is current).
import { z } from "zod";
import { readJsonColumn } from "../../lib/json-column.ts";
import type { DbOrTx } from "../../storage/database.ts";
import { Prisma } from "../../storage/generated/client.ts";
import { DomainError } from "../errors.ts";
import { delegationActive } from "../organs/set-alternate.ts";
import { readBallotRows } from "./ballot-rows.ts";
import { parseRules, type BallotRules } from "./ballot-rules.ts";
import { parseOptions, type MotionOption } from "./motion-options.ts";

export const BALLOT_SUBJECT = "ballot";

export type BallotPhase = "scheduled" | "open" | "awaiting_close" | "closed";

export interface Attachment {
  label: string;
  url: string;
}

const attachmentsSchema = z.array(z.object({ label: z.string(), url: z.string() }));

export interface LoadedMotion {
  id: string;
  number: number;
  title: string;
  text: string;
  attachments: Attachment[];
  options: MotionOption[];
  version: number;
  outcome: string | null;
  tally: string | null;
  recusedSeatIds: Set<string>;
}

export interface LoadedBallot {
  id: string;
  councilId: string;
  number: number;
  title: string;
  organId: string;
  organName: string;
  rules: BallotRules;
  opensAt: Date;
  deadline: Date;
  createdBy: string;
  closedAt: Date | null;
  closedReason: string | null;
  motions: LoadedMotion[];
  roll: Array<{ seatId: string; bodyId: string; role: string }>;
}

export function ballotPhase(ballot: { opensAt: Date; deadline: Date; closedAt: Date | null }, now: Date): BallotPhase {
  if (ballot.closedAt) return "closed";
  if (now < ballot.opensAt) return "scheduled";
  // Past the deadline but the close job has not run yet: no more votes are taken.
  return now >= ballot.deadline ? "awaiting_close" : "open";
}

/** 表決3 平成29年度第2回総会（書面表決） */
export function ballotLabel(ballot: { number: number; title: string }): string {
  return `表決${ballot.number} ${ballot.title}`;
}

/** A ballot's roll is fixed when the ballot is created (nothing updates or deletes BallotSeat rows), so each
 *  process reads it once: a vote on a 2,000-seat ballot used to read all 2,000 rows three times (issue #15). */
const rolls = new Map<string, LoadedBallot["roll"]>();
const ROLLS_KEPT = 32;

async function rollOf(db: DbOrTx, ballotId: string): Promise<LoadedBallot["roll"]> {
  const known = rolls.get(ballotId);
  if (known) return known;
  const roll = (await db.ballotSeat.findMany({ where: { ballotId }, select: { seatId: true, bodyId: true, role: true } })).map((s) => ({
    seatId: s.seatId,
    bodyId: s.bodyId,
    role: s.role,
  }));
  // An empty roll is not kept: the ballot may be being created in a transaction not yet committed.
  if (roll.length === 0) return roll;
  if (rolls.size >= ROLLS_KEPT) rolls.delete(rolls.keys().next().value!);
  rolls.set(ballotId, roll);
  return roll;
}

/** An organ's name never changes once it is created (only dissolvedAt is ever updated): each process reads it
 *  once rather than once per loaded ballot. */
const organNames = new Map<string, string>();
const ORGANS_KEPT = 256;

async function organNameOf(db: DbOrTx, organId: string): Promise<string> {
  const known = organNames.get(organId);
  if (known !== undefined) return known;
  const { name } = await db.organ.findUniqueOrThrow({ where: { id: organId }, select: { name: true } });
  if (organNames.size >= ORGANS_KEPT) organNames.delete(organNames.keys().next().value!);
  organNames.set(organId, name);
  return name;
}

export async function loadBallot(db: DbOrTx, ballotId: string): Promise<LoadedBallot> {
  const ballot = await readBallotRows(db, ballotId);
  const organName = await organNameOf(db, ballot.organId);
  const roll = await rollOf(db, ballot.id);
  return {
    id: ballot.id,
    councilId: ballot.councilId,
    number: ballot.number,
    title: ballot.title,
    organId: ballot.organId,
    organName,
    rules: parseRules(ballot.rules, `Ballot ${ballot.id}.rules`),
    opensAt: ballot.opensAt,
    deadline: ballot.deadline,
    createdBy: ballot.createdBy,
    closedAt: ballot.closedAt,
    closedReason: ballot.closedReason,
    roll,
    motions: ballot.motions.map((m) => ({
      id: m.id,
      number: m.number,
      title: m.title,
      text: m.text,
      attachments: readJsonColumn(attachmentsSchema, m.attachments, `Motion ${m.id}.attachments`),
      options: parseOptions(m.options, `Motion ${m.id}.options`),
      version: m.version,
      outcome: m.outcome,
      tally: m.tally,
      recusedSeatIds: new Set(m.recusedSeatIds),
    })),
  };
}

export async function findBallot(db: DbOrTx, councilId: string, number: number): Promise<LoadedBallot> {
  const row = await db.ballot.findUnique({ where: { councilId_number: { councilId, number } }, select: { id: true } });
  if (!row) throw new DomainError("motions.ballotNotFound", { number });
  return loadBallot(db, row.id);
}

/** Reads 「3」「表決3」「#3」 as a ballot number. */
export function readBallotNumber(text: string): number | undefined {
  const match = text
    .normalize("NFKC")
    .trim()
    .match(/^(?:表決|ballot)?\s*(?:第)?#?(\d{1,6})(?:号)?$/i);
  return match ? Number(match[1]) : undefined;
}

export function findMotion(ballot: LoadedBallot, number: number): LoadedMotion {
  const motion = ballot.motions.find((m) => m.number === number);
  if (!motion) throw new DomainError("motions.motionNotFound", { number, ballot: ballot.number });
  return motion;
}

interface HeldSeatRow {
  seatId: string;
  bodyId: string;
  bodyName: string;
  representativeId: string | null;
  /** the person's alternate row on the seat, if any (at most one: unique per seat and person) */
  alternatePersonId: string | null;
  delegatedFrom: Date | null;
  delegatedUntil: Date | null;
}

/** The seats a person holds anywhere, as representative or alternate (the delegation is checked per ballot).
 *  One statement: Prisma's include of body and alternates took three, and every vote asks twice (issue #15). */
async function seatsOfPerson(db: DbOrTx, personId: string): Promise<HeldSeatRow[]> {
  // Quoted names and Prisma.sql placeholders read the same on SQLite and PostgreSQL.
  return db.$queryRaw<HeldSeatRow[]>(Prisma.sql`
    SELECT s."id" AS "seatId", s."bodyId", b."name" AS "bodyName", s."representativeId",
           a."personId" AS "alternatePersonId", a."delegatedFrom", a."delegatedUntil"
    FROM "Seat" s
    JOIN "Body" b ON b."id" = s."bodyId"
    LEFT JOIN "SeatAlternate" a ON a."seatId" = s."id" AND a."personId" = ${personId}
    WHERE s."representativeId" = ${personId} OR a."personId" IS NOT NULL
    ORDER BY s."id"`);
}

/** Of those seats, the ones on the roll the person may vote for at `now`, and in what capacity. */
function heldOnRoll(seats: HeldSeatRow[], roll: LoadedBallot["roll"], personId: string, now: Date) {
  const onRoll = new Set(roll.map((r) => r.seatId));
  return seats
    .filter((seat) => onRoll.has(seat.seatId))
    .map((seat) => {
      const { seatId, bodyId, bodyName } = seat;
      if (seat.representativeId === personId) return { seatId, bodyId, bodyName, capacity: "representative" as const };
      return seat.alternatePersonId === personId && delegationActive(seat, now)
        ? { seatId, bodyId, bodyName, capacity: "alternate" as const }
        : undefined;
    })
    .filter((s): s is NonNullable<typeof s> => Boolean(s));
}

/** The seats of the ballot's roll a person may vote for at `now`, and in what capacity. It starts from the
 *  person (a handful of seats) rather than the roll (2,000 seats on a national council, issue #15), and
 *  keeps those on the roll. */
export async function seatsHeldOnBallot(db: DbOrTx, ballot: Pick<LoadedBallot, "roll">, personId: string, now: Date) {
  return heldOnRoll(await seatsOfPerson(db, personId), ballot.roll, personId, now);
}

/** Open ballots on which the person holds a seat (as representative or delegated alternate). The person's
 *  seats are read once for all open ballots, not once per ballot. */
export async function ballotsAwaitingPerson(db: DbOrTx, councilId: string, personId: string, now: Date) {
  const open = await db.ballot.findMany({
    where: { councilId, closedAt: null, opensAt: { lte: now }, deadline: { gt: now } },
    orderBy: { deadline: "asc" },
    select: { id: true },
  });
  const result: Array<{ ballot: LoadedBallot; seats: ReturnType<typeof heldOnRoll> }> = [];
  if (open.length === 0) return result;
  const mine = await seatsOfPerson(db, personId);
  if (mine.length === 0) return result;
  for (const { id } of open) {
    const ballot = await loadBallot(db, id);
    const seats = heldOnRoll(mine, ballot.roll, personId, now);
    if (seats.length > 0) result.push({ ballot, seats });
  }
  return result;
}

/** Ballots not yet closed (open, scheduled or awaiting their close), for the secretariat. */
export async function unclosedBallots(db: DbOrTx, councilId: string) {
  const rows = await db.ballot.findMany({ where: { councilId, closedAt: null }, orderBy: { deadline: "asc" }, select: { id: true } });
  return Promise.all(rows.map((r) => loadBallot(db, r.id)));
}

/** Current votes of a ballot (stale ones included, flagged), keyed by motion then seat. */
export async function currentVotes(db: DbOrTx, ballotId: string) {
  const votes = await db.motionVote.findMany({ where: { ballotId, current: true } });
  const byMotion = new Map<string, Map<string, (typeof votes)[number]>>();
  for (const vote of votes) {
    const seats = byMotion.get(vote.motionId) ?? new Map<string, (typeof votes)[number]>();
    seats.set(vote.seatId, vote);
    byMotion.set(vote.motionId, seats);
  }
  return byMotion;
}

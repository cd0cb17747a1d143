// A ballot's row with its motions and their recusals, as loadBallot (find-ballot.ts) builds a LoadedBallot
// from. Every vote and every home loads its ballot: one SQL statement (the three tables joined, a row per motion
// and recusal) instead of the three of Prisma's include (issue #15). readBallotRowsPrisma is that include, the
// reference test/motions/ballot-rows.test.ts compares against on both providers.
import type { DbOrTx } from "../../storage/database.ts";
import { Prisma } from "../../storage/generated/client.ts";

export interface BallotRows {
  id: string;
  councilId: string;
  number: number;
  title: string;
  organId: string;
  rules: string;
  opensAt: Date;
  deadline: Date;
  createdBy: string;
  closedAt: Date | null;
  closedReason: string | null;
  /** by number */
  motions: Array<{
    id: string;
    number: number;
    title: string;
    text: string;
    attachments: string;
    options: string;
    version: number;
    outcome: string | null;
    tally: string | null;
    /** by seat id */
    recusedSeatIds: string[];
  }>;
}

type Joined = Omit<BallotRows, "motions"> & {
  motionId: string | null;
  motionNumber: number | null;
  motionTitle: string;
  motionText: string;
  attachments: string;
  options: string;
  version: number;
  outcome: string | null;
  tally: string | null;
  recusedSeatId: string | null;
};

export async function readBallotRows(db: DbOrTx, ballotId: string): Promise<BallotRows> {
  // Quoted names and Prisma.sql placeholders read the same on SQLite and PostgreSQL.
  const rows = await db.$queryRaw<Joined[]>(Prisma.sql`
    SELECT b."id", b."councilId", b."number", b."title", b."organId", b."rules", b."opensAt", b."deadline", b."createdBy",
           b."closedAt", b."closedReason",
           m."id" AS "motionId", m."number" AS "motionNumber", m."title" AS "motionTitle", m."text" AS "motionText",
           m."attachments", m."options", m."version", m."outcome", m."tally", r."seatId" AS "recusedSeatId"
    FROM "Ballot" b
    LEFT JOIN "Motion" m ON m."ballotId" = b."id"
    LEFT JOIN "MotionRecusal" r ON r."motionId" = m."id"
    WHERE b."id" = ${ballotId}
    ORDER BY m."number", r."seatId"`);
  const first = rows[0];
  if (!first) throw new Error(`no ballot ${ballotId}`);
  const motions: BallotRows["motions"] = [];
  for (const row of rows) {
    if (row.motionId === null) continue; // a ballot without motions: one row, nothing joined
    let motion = motions.at(-1);
    if (motion?.id !== row.motionId) {
      motion = {
        id: row.motionId,
        number: Number(row.motionNumber),
        title: row.motionTitle,
        text: row.motionText,
        attachments: row.attachments,
        options: row.options,
        version: Number(row.version),
        outcome: row.outcome,
        tally: row.tally,
        recusedSeatIds: [],
      };
      motions.push(motion);
    }
    if (row.recusedSeatId !== null) motion.recusedSeatIds.push(row.recusedSeatId);
  }
  return {
    id: first.id,
    councilId: first.councilId,
    number: Number(first.number),
    title: first.title,
    organId: first.organId,
    rules: first.rules,
    opensAt: first.opensAt,
    deadline: first.deadline,
    createdBy: first.createdBy,
    closedAt: first.closedAt,
    closedReason: first.closedReason,
    motions,
  };
}

/** The same through Prisma's include (three statements). */
export async function readBallotRowsPrisma(db: DbOrTx, ballotId: string): Promise<BallotRows> {
  const { motions, ...ballot } = await db.ballot.findUniqueOrThrow({
    where: { id: ballotId },
    select: {
      id: true,
      councilId: true,
      number: true,
      title: true,
      organId: true,
      rules: true,
      opensAt: true,
      deadline: true,
      createdBy: true,
      closedAt: true,
      closedReason: true,
      motions: { orderBy: { number: "asc" }, include: { recusals: { orderBy: { seatId: "asc" } } } },
    },
  });
  return {
    ...ballot,
    motions: motions.map((m) => ({
      id: m.id,
      number: m.number,
      title: m.title,
      text: m.text,
      attachments: m.attachments,
      options: m.options,
      version: m.version,
      outcome: m.outcome,
      tally: m.tally,
      recusedSeatIds: m.recusals.map((r) => r.seatId),
    })),
  };
}

// Has a ballot changed since it was loaded? A vote re-checks its ballot inside its own transaction (closed?
// deadline moved? a motion edited? a seat recused?) before it writes. Loading it again there took four
// statements per vote (issue #15); this asks the same in one. Every change a ballot can undergo shows in it:
// closing sets closedAt, extending moves the deadline, editing a motion raises its version (versions only
// grow, so their sum grows), recusals are only ever added, and nothing else about a ballot is ever updated
// (its title, rules, roll, options and organ are fixed when it is created).
import type { DbOrTx } from "../../storage/database.ts";
import { Prisma } from "../../storage/generated/client.ts";
import type { LoadedBallot } from "./find-ballot.ts";

interface Fingerprint {
  closedAt: Date | null;
  deadline: Date;
  motions: number | bigint;
  versions: number | bigint;
  recusals: number | bigint;
}

/** True when the ballot in the database is still the one `loaded` describes. */
export async function ballotUnchanged(db: DbOrTx, loaded: LoadedBallot): Promise<boolean> {
  // Quoted names and Prisma.sql placeholders read the same on SQLite and PostgreSQL (whose counts are bigints).
  const [now] = await db.$queryRaw<Fingerprint[]>(Prisma.sql`
    SELECT b."closedAt", b."deadline",
      (SELECT COUNT(*) FROM "Motion" m WHERE m."ballotId" = b."id") AS "motions",
      (SELECT COALESCE(SUM(m."version"), 0) FROM "Motion" m WHERE m."ballotId" = b."id") AS "versions",
      (SELECT COUNT(*) FROM "MotionRecusal" r JOIN "Motion" m ON m."id" = r."motionId" WHERE m."ballotId" = b."id") AS "recusals"
    FROM "Ballot" b WHERE b."id" = ${loaded.id}`);
  if (!now) return false;
  return (
    (now.closedAt?.getTime() ?? null) === (loaded.closedAt?.getTime() ?? null) &&
    now.deadline.getTime() === loaded.deadline.getTime() &&
    Number(now.motions) === loaded.motions.length &&
    Number(now.versions) === loaded.motions.reduce((sum, m) => sum + m.version, 0) &&
    Number(now.recusals) === loaded.motions.reduce((sum, m) => sum + m.recusedSeatIds.size, 0)
  );
}

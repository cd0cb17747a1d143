// A ballot with its motions and recusals is one SQL statement (domain/motions/ballot-rows.ts, issue #15): it
// must read exactly what Prisma's include reads — open, with recusals (two on one motion) and an edited motion,
// and closed with its outcomes and tallies — on both providers.
import { afterAll, beforeAll, expect, it } from "vitest";
import { readBallotRows, readBallotRowsPrisma } from "../../src/domain/motions/ballot-rows.ts";
import { closeBallot } from "../../src/domain/motions/close-ballot.ts";
import { editMotion } from "../../src/domain/motions/edit-motion.ts";
import { loadBallot } from "../../src/domain/motions/find-ballot.ts";
import { recuseSeat } from "../../src/domain/motions/recuse-seat.ts";
import { describeEachProvider } from "../support/postgres.ts";
import type { TestKyodo } from "../support/test-kyodo.ts";
import { createExampleBallot, jst } from "./support.ts";

describeEachProvider("a ballot read in one statement", (provider) => {
  let kyodo: TestKyodo;
  const now = jst("2026-11-24T10:00:00");
  let ballotId: string;

  beforeAll(async () => {
    kyodo = await provider.startKyodo({}, { http: false, clock: () => now });
    ballotId = (await createExampleBallot(kyodo, now)).id;
    const roll = (await loadBallot(kyodo.db, ballotId)).roll;
    for (const [motionNumber, seat] of [
      [2, roll[0]!],
      [2, roll[1]!],
      [4, roll[2]!],
    ] as const)
      await recuseSeat(kyodo.db, { ballotId, motionNumber, bodyId: seat.bodyId, actor: "cli:test" }, now);
    await editMotion(kyodo.db, { ballotId, motionNumber: 3, text: "修正後の本文", editedBy: "cli:test" }, now);
  }, 120_000);
  afterAll(async () => {
    await kyodo?.dispose();
  });

  it("reads an open ballot as Prisma's include does", async () => {
    const rows = await readBallotRows(kyodo.db, ballotId);
    expect(rows).toEqual(await readBallotRowsPrisma(kyodo.db, ballotId));
    expect(rows.motions.map((m) => [m.number, m.recusedSeatIds.length, m.version])).toEqual([
      [1, 0, 1],
      [2, 2, 1],
      [3, 0, 2],
      [4, 1, 1],
    ]);
    expect(rows.closedAt).toBeNull();
    expect(rows.deadline).toBeInstanceOf(Date);
  });

  it("reads a closed ballot with its outcomes as Prisma's include does", async () => {
    await closeBallot(kyodo.db, ballotId, now, "secretariat");
    const rows = await readBallotRows(kyodo.db, ballotId);
    expect(rows).toEqual(await readBallotRowsPrisma(kyodo.db, ballotId));
    expect(rows.closedAt).toEqual(now);
    expect(rows.motions.every((m) => m.tally !== null && m.outcome !== null)).toBe(true);
  });

  it("refuses an id that names no ballot", async () => {
    await expect(readBallotRows(kyodo.db, "no-such-ballot")).rejects.toThrow("no ballot");
  });
});

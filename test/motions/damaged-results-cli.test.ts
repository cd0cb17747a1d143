// `kyodo ballot results` and `kyodo ballot export` on a closed ballot whose record is partly damaged: they print
// and write what can be read, name the damaged row on stderr (Japanese first, English too) with what to do,
// and exit 2 so a script notices — never a stack trace. A damaged ballot row itself is named the same way.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeBallot } from "../../src/domain/motions/close-ballot.ts";
import { runCli } from "../support/run-command.ts";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";
import { createExampleBallot, jst } from "./support.ts";

let kyodo: TestKyodo;
let env: Record<string, string>;
let damagedMotionId: string;
let damagedBallotId: string;
const now = jst("2026-11-24T10:00:00");

beforeAll(async () => {
  kyodo = await startTestKyodo({}, { http: false, clock: () => now });
  env = { DATABASE_URL: kyodo.databaseUrl, KYODO_COUNCIL: kyodo.council.slug };
  const ballot = await createExampleBallot(kyodo, now);
  await closeBallot(kyodo.db, ballot.id, now, "secretariat", "test:secretariat");
  damagedMotionId = ballot.motions.find((m) => m.number === 1)!.id;
  await kyodo.db.motion.update({ where: { id: damagedMotionId }, data: { tally: '{"outcome":"passed"}' } });
  const second = await createExampleBallot(kyodo, now);
  damagedBallotId = second.id;
  await kyodo.db.ballot.update({ where: { id: second.id }, data: { rules: '{"quorum":"most"}' } });
});
afterAll(async () => kyodo?.dispose());

describe("ballot CLI on a damaged record", () => {
  it("prints the results it can read, names the damaged tally with a recount, and exits 2", async () => {
    const results = await runCli(["ballot", "results", "1"], env);
    expect(results.stderr).not.toMatch(/\n\s+at /);
    expect(results.code).toBe(2);
    expect(results.stdout).toMatch(/議案4 .*\s+0\s+0\s+0\s+0\s+0\/56\s+不成立/);
    expect(results.stdout).toMatch(/議案1 .*読み取れません/);
    expect(results.stdout).toContain("票からの数え直し（記録ではありません）");
    expect(results.stderr).toContain(`Motion ${damagedMotionId}.tally`);
    expect(results.stderr).toContain("記録された結果を読み取れません");
    expect(results.stderr).toContain("the recorded result cannot be read");
    expect(results.stderr).toContain("管理者に連絡");
  });

  it("still writes the export, with that motion's result left empty, and says so", async () => {
    const out = join(kyodo.dir, "ballot-1.csv");
    const exported = await runCli(["ballot", "export", "1", "--out", out], env);
    expect(exported.stderr).not.toMatch(/\n\s+at /);
    expect(exported.code).toBe(2);
    expect(existsSync(out)).toBe(true);
    expect(readFileSync(out, "utf8")).toContain("議案4");
    expect(exported.stderr).toContain(`Motion ${damagedMotionId}.tally`);
    expect(exported.stderr).toContain("空欄");
  });

  it("lists a vote for an option the motion does not have as invalid in the turnout, its seat still to vote", async () => {
    const third = await createExampleBallot(kyodo, now);
    const seat = third.roll[0]!;
    const motion = third.motions.find((m) => m.number === 3)!;
    const person = await kyodo.db.person.findFirstOrThrow({ where: { councilId: kyodo.council.id, handle: "yamada" } });
    await kyodo.db.motionVote.create({
      data: {
        ballotId: third.id,
        motionId: motion.id,
        seatId: seat.seatId,
        bodyId: seat.bodyId,
        personId: person.id,
        capacity: "representative",
        choice: "maybe",
        channel: "console",
        motionVersion: 1,
        currentKey: `${motion.id}:${seat.seatId}`,
        receipt: "V-BAD3",
        castAt: now,
      },
    });
    const turnout = await runCli(["ballot", "turnout", String(third.number)], env);
    expect(turnout.code, turnout.stderr).toBe(0);
    expect(turnout.stdout).toContain("1,2,3!,4");
    expect(turnout.stdout).toContain("無効な票（1票）");
    expect(turnout.stdout).toMatch(/議案3 .*maybe/);
    expect(turnout.stderr).toContain("投票なしとして数え");
    expect(turnout.stderr).toContain("count as no vote");
  });

  it("names a damaged ballot row instead of printing a stack trace", async () => {
    const results = await runCli(["ballot", "results", "2"], env);
    expect(results.code).toBe(1);
    expect(results.stderr).not.toMatch(/\n\s+at /);
    expect(results.stderr).toContain(`Ballot ${damagedBallotId}.rules`);
    expect(results.stderr).toContain("管理者に連絡");
    expect(results.stderr).toContain("contact the administrator");
  });
});

// Results of a closed ballot asked for in chat when part of its record cannot be read: a motion's recorded tally
// damaged, a vote for an option the motion does not have, or the ballot's own rules damaged. The answer shows
// what can be read, names the row it cannot read (Japanese first, English too) and says what to do, the log
// names the row once however often it is asked, and nobody gets "an error occurred" instead of the results.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueEnrolmentCode } from "../../src/domain/identities/issue-enrolment-code.ts";
import { castVotes } from "../../src/domain/motions/cast-votes.ts";
import { closeBallot } from "../../src/domain/motions/close-ballot.ts";
import { loadBallot } from "../../src/domain/motions/find-ballot.ts";
import { findPerson } from "../../src/domain/people/find-person.ts";
import { ConsoleSession } from "../support/console-session.ts";
import { startLoggedKyodo } from "../support/logged-kyodo.ts";
import type { TestKyodo } from "../support/test-kyodo.ts";
import { createExampleBallot, jst, nameRepresentatives } from "./support.ts";

const now = jst("2026-11-24T10:00:00");
const logLines: Array<Record<string, unknown>> = [];
let kyodo: TestKyodo;
let yamada: ConsoleSession;
let damagedMotionId: string;
let damagedBallotId: string;

const logsOf = (where: string) => logLines.filter((l) => typeof l.where === "string" && l.where === where);
const INTERNAL = "処理中にエラーが起きました";

beforeAll(async () => {
  kyodo = await startLoggedKyodo(logLines, { http: false, clock: () => now });
  const [voter, other] = await nameRepresentatives(kyodo, "sokai", 2);
  const ballot = await createExampleBallot(kyodo, now);
  const loaded = await loadBallot(kyodo.db, ballot.id);
  const seatOf = async (handle: string) => {
    const person = await findPerson(kyodo.db, kyodo.council.id, handle);
    const seat = await kyodo.db.seat.findFirstOrThrow({
      where: { id: { in: loaded.roll.map((r) => r.seatId) }, representativeId: person.id },
    });
    return { person, seat };
  };
  const v = await seatOf(voter!);
  const all = loaded.motions.map((m) => ({ motionNumber: m.number, option: "for" }));
  await castVotes(kyodo.db, { ballotId: ballot.id, personId: v.person.id, seatId: v.seat.id, choices: all, channel: "console" }, now);
  // The other seat's vote on 議案2 names an option the motion does not have.
  const o = await seatOf(other!);
  const motion2 = loaded.motions.find((m) => m.number === 2)!;
  await kyodo.db.motionVote.create({
    data: {
      ballotId: ballot.id,
      motionId: motion2.id,
      seatId: o.seat.id,
      bodyId: o.seat.bodyId,
      personId: o.person.id,
      capacity: "representative",
      choice: "maybe",
      channel: "console",
      motionVersion: 1,
      currentKey: `${motion2.id}:${o.seat.id}`,
      receipt: "V-BAD2",
      castAt: now,
    },
  });
  await closeBallot(kyodo.db, ballot.id, now, "secretariat", "test:secretariat");
  damagedMotionId = loaded.motions.find((m) => m.number === 1)!.id;
  await kyodo.db.motion.update({ where: { id: damagedMotionId }, data: { tally: '{"eligible":56,' } });

  const second = await createExampleBallot(kyodo, now);
  await closeBallot(kyodo.db, second.id, now, "secretariat", "test:secretariat");
  damagedBallotId = second.id;
  await kyodo.db.ballot.update({ where: { id: second.id }, data: { rules: "not json" } });

  yamada = new ConsoleSession(kyodo.engine, "u-yamada");
  const person = await findPerson(kyodo.db, kyodo.council.id, "yamada");
  await yamada.say(`link ${(await issueEnrolmentCode(kyodo.db, person.id, "test:secretariat")).code}`);
});
afterAll(async () => {
  await yamada?.close();
  await kyodo?.dispose();
});

describe("ballot results in chat with a damaged record", () => {
  it("shows the motions it can read, names the damaged tally in both languages with a recount and what to do", async () => {
    const results = await yamada.say("vote 1 results");
    expect(results).not.toContain(INTERNAL);
    expect(results).toContain("【表決結果: 表決1 平成29年度第2回総会（書面表決）】");
    // The readable motions keep their recorded outcome.
    expect(results).toMatch(/議案4 .*不成立（定足数不足）/);
    expect(results).toContain("記録された結果を読み取れません");
    expect(results).toContain("the recorded result cannot be read");
    expect(results).toContain(`Motion ${damagedMotionId}.tally`);
    expect(results).toContain("管理者に連絡");
    expect(results).toContain("票からの数え直し（記録ではありません）");
  });

  it("flags the vote for an option the motion does not have as invalid, in both languages", async () => {
    const results = await yamada.say("vote 1 results");
    expect(results).toContain("無効な票（1票）");
    expect(results).toContain("「maybe」");
    expect(results).toContain("invalid vote");
  });

  it("answers the status of the closed ballot the same way", async () => {
    const status = await yamada.say("vote 1 status");
    expect(status).not.toContain(INTERNAL);
    expect(status).toContain(`Motion ${damagedMotionId}.tally`);
    expect(status).toMatch(/議案4 .*不成立（定足数不足）/);
  });

  it("logs the damaged tally once, however often it is asked", async () => {
    await yamada.say("vote 1 results");
    expect(logsOf(`Motion ${damagedMotionId}.tally`)).toHaveLength(1);
  });

  it("says which row it cannot read when the ballot's own rules are damaged, instead of an error", async () => {
    const results = await yamada.say("vote 2 results");
    expect(results).not.toContain(INTERNAL);
    expect(results).toContain(`Ballot ${damagedBallotId}.rules`);
    expect(results).toContain("表決2の保存されているデータを読み取れません");
    expect(results).toContain("The stored data of ballot 2 cannot be read");
    expect(results).toContain("管理者に連絡");
    await yamada.say("vote 2 results");
    expect(logsOf(`Ballot ${damagedBallotId}.rules`)).toHaveLength(1);
  });
});

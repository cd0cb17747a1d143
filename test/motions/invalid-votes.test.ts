// A stored vote for an option its motion does not have (written by hand, by an older version, left after the
// options changed) is not a vote: the tally already ignored it, and turnout, reminders, the voter's own
// conversation, the secretariat's status and the record must say the same — the seat has not voted on that
// motion, is reminded, may vote on it (even where changes are not allowed), and the vote is flagged as invalid.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ballotStatus } from "../../src/domain/motions/ballot-status.ts";
import { ballotTracker } from "../../src/domain/motions/ballot-tracker.ts";
import { ballotTurnout, motionsMissingFor } from "../../src/domain/motions/ballot-turnout.ts";
import { castVotes, everySeatHasVoted } from "../../src/domain/motions/cast-votes.ts";
import { ballotRecordTables } from "../../src/domain/motions/export-ballot-record.ts";
import { loadBallot } from "../../src/domain/motions/find-ballot.ts";
import { participationSummary } from "../../src/domain/usage/participation.ts";
import { findPerson } from "../../src/domain/people/find-person.ts";
import { Browser } from "../web/support.ts";
import { ConsoleSession } from "../support/console-session.ts";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";
import { createExampleBallot, jst, nameRepresentatives } from "./support.ts";

let kyodo: TestKyodo;
const now = jst("2026-11-24T10:00:00");
let ballotId: string;
/** seats: the one that voted on everything, the one whose vote on 議案1 names no option of it */
let complete: { seatId: string; bodyName: string; personId: string };
let invalid: { seatId: string; bodyId: string; bodyName: string; personId: string; handle: string };
let onlyInvalid: typeof invalid;
const sessions: ConsoleSession[] = [];

async function chatAs(handle: string): Promise<ConsoleSession> {
  const session = new ConsoleSession(kyodo.engine, `u-${handle}`);
  sessions.push(session);
  await session.say(`link ${await kyodo.codeFor(handle)}`);
  return session;
}

beforeAll(async () => {
  kyodo = await startTestKyodo({}, { clock: () => now });
  const handles = await nameRepresentatives(kyodo, "sokai", 3);
  // Changes not allowed: the seat must still be able to cast the vote it never validly cast.
  ballotId = (await createExampleBallot(kyodo, now, { rules: { allowChange: false } })).id;
  const ballot = await loadBallot(kyodo.db, ballotId);
  const seatOf = async (handle: string) => {
    const person = await findPerson(kyodo.db, kyodo.council.id, handle);
    const seat = await kyodo.db.seat.findFirstOrThrow({
      where: { id: { in: ballot.roll.map((r) => r.seatId) }, representativeId: person.id },
      include: { body: true },
    });
    return { seatId: seat.id, bodyId: seat.bodyId, bodyName: seat.body.name, personId: person.id, handle };
  };
  complete = await seatOf(handles[0]!);
  invalid = await seatOf(handles[1]!);
  const all = ballot.motions.map((m) => ({ motionNumber: m.number, option: "for" }));
  await castVotes(kyodo.db, { ballotId, personId: complete.personId, seatId: complete.seatId, choices: all, channel: "console" }, now);
  await castVotes(
    kyodo.db,
    { ballotId, personId: invalid.personId, seatId: invalid.seatId, choices: all.filter((c) => c.motionNumber !== 1), channel: "console" },
    now,
  );
  const motion1 = ballot.motions.find((m) => m.number === 1)!;
  const storeInvalidVote = (seat: typeof invalid, receipt: string) =>
    kyodo.db.motionVote.create({
      data: {
        ballotId,
        motionId: motion1.id,
        seatId: seat.seatId,
        bodyId: seat.bodyId,
        personId: seat.personId,
        capacity: "representative",
        choice: "maybe",
        channel: "console",
        motionVersion: 1,
        currentKey: `${motion1.id}:${seat.seatId}`,
        receipt,
        castAt: now,
      },
    });
  await storeInvalidVote(invalid, "V-BAD1");
  // A third seat whose only vote is invalid: it has voted on nothing.
  onlyInvalid = await seatOf(handles[2]!);
  await storeInvalidVote(onlyInvalid, "V-BAD3");
});
afterAll(async () => {
  for (const s of sessions) await s.close();
  await kyodo?.dispose();
});

describe("a stored vote for an option the motion does not have", () => {
  it("leaves the seat not voted on that motion in the status, the home turnout and the early close", async () => {
    const ballot = await loadBallot(kyodo.db, ballotId);
    const status = await ballotStatus(kyodo.db, ballot, now);
    const seat = status.seats.find((s) => s.seatId === invalid.seatId)!;
    expect(seat.missing).toEqual([1]);
    expect(seat.complete).toBe(false);
    expect(status.complete).toBe(1);
    expect(status.motions.find((m) => m.motion.number === 1)!.voted).toBe(1);
    expect(status.motions.find((m) => m.motion.number === 2)!.voted).toBe(2);
    expect(status.invalidVotes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ seatId: invalid.seatId, motionNumber: 1, choice: "maybe" }),
        expect.objectContaining({ seatId: onlyInvalid.seatId, motionNumber: 1, choice: "maybe" }),
      ]),
    );

    expect(await ballotTurnout(kyodo.db, ballot)).toEqual({ complete: 1, total: status.total });
    const missing = await motionsMissingFor(kyodo.db, ballot, [invalid.seatId, complete.seatId]);
    expect(missing).toEqual(
      new Map([
        [invalid.seatId, 1],
        [complete.seatId, 0],
      ]),
    );
    expect(await everySeatHasVoted(kyodo.db, ballotId)).toBe(false);
  });

  it("reminds the seat's holder, and not the seat that voted on everything", async () => {
    const pending = await ballotTracker.pending(kyodo.db, ballotId, now);
    const mine = pending.find((p) => p.bodyId === invalid.bodyId);
    expect(mine?.usualContactIds).toContain(invalid.personId);
    expect(pending.some((p) => p.usualContactIds.includes(complete.personId))).toBe(false);
  });

  it("leaves a seat whose only vote is invalid out of the console home's seats voted", async () => {
    const browser = await Browser.signIn(kyodo, "yamada", now);
    const { html } = await browser.page("/console/");
    expect(html).toMatch(/投票した席 <progress max="56" value="2">/);
  });

  it("leaves a seat whose only vote is invalid out of the participation report", async () => {
    const summary = await participationSummary(kyodo.db, kyodo.council.id, { timezone: "Asia/Tokyo" });
    const item = summary.items.find((i) => i.kind === "ballot")!;
    expect(item.answered).toBe(2);
  });

  it("flags the vote as invalid in the secretariat's status, in Japanese and English", async () => {
    const yamada = await chatAs("yamada");
    const status = await yamada.say("vote 1 status");
    expect(status).toContain("無効な票");
    expect(status).toContain("invalid");
    expect(status).toContain("「maybe」");
    expect(status).toContain(invalid.bodyName);
  });

  it("marks the vote as invalid in the exported record instead of showing it as a choice", async () => {
    const tables = await ballotRecordTables(kyodo.db, await loadBallot(kyodo.db, ballotId), "Asia/Tokyo");
    const row = tables.record.rows.find((r) => r[3] === invalid.bodyName && r[1]!.startsWith("議案1"))!;
    expect(row[5]).toContain("無効");
    expect(row[5]).toContain("maybe");
    const history = tables.history.rows.find((r) => r[8] === "V-BAD1")!;
    expect(history[4]).toContain("無効");
  });

  it("asks the voter about that motion, shows the vote as not counted, and takes the vote though changes are not allowed", async () => {
    const voter = await chatAs(invalid.handle);
    const mine = await voter.say("vote mine");
    expect(mine).toContain("「maybe」");
    const card = await voter.say("vote 1");
    expect(card).toContain("記録されている票「maybe」はこの議案の選択肢にないため数えていません");
    expect(card).toContain("表決してください: 議案1");
    const receipt = await voter.say("1");
    expect(receipt).toContain("受付番号");
    expect(receipt).toMatch(/議案1 平成30年度ちば電子調達システム利用負担金額（案）の決定について\s+賛成/);
    const status = await ballotStatus(kyodo.db, await loadBallot(kyodo.db, ballotId), now);
    expect(status.seats.find((s) => s.seatId === invalid.seatId)!.complete).toBe(true);
    expect(status.invalidVotes.map((v) => v.seatId)).toEqual([onlyInvalid.seatId]);
  });
});

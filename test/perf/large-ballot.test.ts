// Issue #15: a ballot to an organ of 2,000 seats. Every query over the roll went over SQLite's 999 bound
// values (Prisma P2029), so not one vote could be recorded. Here the ballot is created, 2,000-seat votes
// are cast through the chat engine and the domain, and turnout and the tally read every seat.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ballotStatus } from "../../src/domain/motions/ballot-status.ts";
import { loadBallot } from "../../src/domain/motions/find-ballot.ts";
import { castVotes, everySeatHasVoted } from "../../src/domain/motions/cast-votes.ts";
import { closeBallot } from "../../src/domain/motions/close-ballot.ts";
import { createBallot } from "../../src/domain/motions/create-ballot.ts";
import type { InboundEvent } from "../../src/engine/messages.ts";
import { createLargeOrgan, type LargeOrgan } from "../support/large-organ.ts";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";
import { jst, ZONE } from "../motions/support.ts";

const now = jst("2026-12-03T10:00:00");
const SEATS = 2_000;
let kyodo: TestKyodo;
let organ: LargeOrgan;
let ballotId: string;
let ballotNumber: number;

beforeAll(async () => {
  kyodo = await startTestKyodo({}, { http: false, clock: () => now });
  organ = await createLargeOrgan(kyodo.db, kyodo.council.id, { slug: "zenkoku", seats: SEATS, platform: "console", workspace: "local" });
  const ballot = await createBallot(
    kyodo.db,
    {
      councilId: kyodo.council.id,
      organId: organ.organId,
      title: "全国協議会 書面表決",
      deadline: new Date(now.getTime() + 7 * 86_400_000),
      rules: { earlyClose: false },
      motions: [{ title: "予算の承認について" }, { title: "規約の改正について" }],
      createdBy: "cli:test",
      reminderOffsets: [],
    },
    now,
    ZONE,
  );
  ballotId = ballot.id;
  ballotNumber = ballot.number;
}, 120_000);
afterAll(async () => {
  await kyodo?.dispose();
});

describe("a ballot to 2,000 seats", () => {
  it("puts every seat on the roll", async () => {
    expect(await kyodo.db.ballotSeat.count({ where: { ballotId } })).toBe(SEATS);
  });

  it("records a vote pressed in chat, and one cast through the domain", async () => {
    const voter = organ.voters[1_500]!;
    const event: InboundEvent = {
      kind: "text",
      eventId: "large-1",
      ref: { platform: "console", workspace: "local", conversationId: `dm:${voter.externalUserId}`, isDirect: true },
      user: { externalId: voter.externalUserId },
      receivedAt: now,
      text: `vote ${ballotNumber} 全議案賛成`,
    };
    const replies = await kyodo.engine.handle(event);
    expect(replies.map((r) => r.text).join("\n")).toContain("受付番号");
    const last = organ.voters[SEATS - 1]!;
    const receipt = await castVotes(
      kyodo.db,
      { ballotId, personId: last.personId, choices: [{ motionNumber: 1, option: "against" }], channel: "console" },
      now,
    );
    expect(receipt.recorded).toHaveLength(1);
    expect(await kyodo.db.motionVote.count({ where: { ballotId, current: true } })).toBe(3);
  });

  it("counts turnout over the whole roll and closes with a tally", async () => {
    expect(await everySeatHasVoted(kyodo.db, ballotId)).toBe(false);
    const status = await ballotStatus(kyodo.db, await loadBallot(kyodo.db, ballotId), now);
    expect(JSON.stringify(status)).toContain(organ.voters[1_500]!.bodyId.slice(-5));
    const closed = await closeBallot(kyodo.db, ballotId, now, "secretariat");
    expect(closed.closedNow).toBe(true);
  });
});

// Thirty seats of the 総会 voting at the same moment through the engine, some events redelivered, and one
// seat voting from two chat platforms at once: no vote is lost, none is doubled, every seat has exactly
// one current vote per motion, and the audit chain stays intact.
import { afterAll, beforeAll, expect, it } from "vitest";
import { verifyAuditLog } from "../../src/domain/audit/verify-audit-log.ts";
import type { InboundEvent } from "../../src/engine/messages.ts";
import { describeEachProvider } from "../support/postgres.ts";
import type { TestKyodo } from "../support/test-kyodo.ts";
import { createExampleBallot, jst, linkChat, nameRepresentatives } from "./support.ts";

const now = jst("2026-11-24T10:00:00");

function event(platform: string, user: string, text: string, eventId: string): InboundEvent {
  return {
    kind: "text",
    eventId,
    ref: { platform, workspace: "local", conversationId: `dm:${user}`, isDirect: true },
    user: { externalId: user },
    receivedAt: now,
    text,
  };
}

describeEachProvider("concurrent votes", (provider) => {
  let kyodo: TestKyodo;
  let handles: string[];
  let ballotId: string;

  beforeAll(async () => {
    kyodo = await provider.startKyodo({}, { http: false, clock: () => now });
    handles = await nameRepresentatives(kyodo, "sokai", 30);
    for (const handle of handles) await linkChat(kyodo, handle, "console", `u-${handle}`);
    await linkChat(kyodo, "sato", "console", "u-sato");
    await linkChat(kyodo, "sato", "test", "u-sato-phone");
    ballotId = (await createExampleBallot(kyodo, now)).id;
  });
  afterAll(async () => {
    await kyodo.dispose();
  });

  it("thirty seats at once, with redeliveries, lose and double nothing", async () => {
    const events = handles.map((h, i) => event("console", `u-${h}`, i % 3 === 0 ? "vote 1 全議案反対" : "vote 1 全議案賛成", `burst-${h}`));
    const redelivered = events.slice(0, 10);
    const replies = await Promise.all([...events, ...redelivered].map((e) => kyodo.engine.handle(e)));
    expect(replies.slice(0, 30).every((r) => r.some((m) => m.text.includes("受付番号")))).toBe(true);
    expect(replies.slice(30).every((r) => r.length === 0)).toBe(true);

    const votes = await kyodo.db.motionVote.findMany({ where: { ballotId } });
    expect(votes).toHaveLength(30 * 4);
    expect(votes.every((v) => v.current)).toBe(true);
    const perSeatMotion = new Map<string, number>();
    for (const v of votes) perSeatMotion.set(`${v.seatId}:${v.motionId}`, (perSeatMotion.get(`${v.seatId}:${v.motionId}`) ?? 0) + 1);
    expect(perSeatMotion.size).toBe(30 * 4);
    expect([...perSeatMotion.values()].every((c) => c === 1)).toBe(true);
    expect(votes.filter((v) => v.choice === "against")).toHaveLength(10 * 4);
    expect(await kyodo.db.auditEntry.count({ where: { action: "motions.vote" } })).toBe(30);
  });

  it("one seat voting from two platforms at the same moment keeps both records and one current vote", async () => {
    const [a, b] = await Promise.all([
      kyodo.engine.handle(event("console", "u-sato", "vote 1 議案1 賛成", "sato-console")),
      kyodo.engine.handle(event("test", "u-sato-phone", "vote 1 議案1 反対", "sato-phone")),
    ]);
    expect(a.map((m) => m.text).join()).toContain("受付番号");
    expect(b.map((m) => m.text).join()).toContain("受付番号");
    const seat = await kyodo.db.seat.findFirstOrThrow({ where: { representative: { handle: "sato" }, organ: { slug: "sokai" } } });
    const rows = await kyodo.db.motionVote.findMany({ where: { ballotId, seatId: seat.id }, orderBy: { id: "asc" } });
    expect(rows).toHaveLength(2);
    expect(rows.filter((r) => r.current)).toHaveLength(1);
    expect(new Set(rows.map((r) => r.channel))).toEqual(new Set(["console", "test"]));
    // The later one is current, and it records that it replaced the earlier.
    const audit = await kyodo.db.auditEntry.findMany({
      where: { action: "motions.vote", payload: { contains: seat.id } },
      orderBy: { seq: "asc" },
    });
    const second = JSON.parse(audit[1]!.payload) as { votes: Array<{ voteId: string; replaces: string | null }> };
    expect(second.votes[0]!.voteId).toBe(rows.find((r) => r.current)!.id);
    expect(second.votes[0]!.replaces).toBe(rows.find((r) => !r.current)!.id);
  });

  it("the database itself refuses a second current vote of a seat on a motion", async () => {
    const current = await kyodo.db.motionVote.findFirstOrThrow({ where: { ballotId, current: true } });
    const { id: _id, ...copy } = current;
    await expect(kyodo.db.motionVote.create({ data: { ...copy, receipt: "TEST-TEST" } })).rejects.toMatchObject({ code: "P2002" });
  });

  it("the audit chain is intact after the burst", async () => {
    expect(await verifyAuditLog(kyodo.db)).toMatchObject({ chain: { ok: true }, state: { differences: [] } });
  });
});

// The replay reads each payload through its action's schema (readJsonColumn): a damaged or reshaped entry is
// counted as unreadable by its sequence number, never replayed from a guess, and the entries around it still are.
import { describe, expect, it } from "vitest";
import { AuditStateReplayer } from "./replay-audit-state.ts";

const vote = (voteId: string, choice: string) =>
  JSON.stringify({
    seatId: "seat-1",
    bodyId: "body-1",
    capacity: "representative",
    channel: "slack",
    sourceRef: null,
    receipt: "R-1",
    votes: [{ voteId, motion: 1, motionId: "motion-1", version: 1, choice, replaces: null }],
  });

describe("AuditStateReplayer", () => {
  it("replays well-formed entries and names damaged or reshaped ones", () => {
    const replayer = new AuditStateReplayer();
    replayer.push({ seq: 1, action: "motions.vote", subject: "motion:motion-1", payload: vote("v1", "yes") });
    replayer.push({ seq: 2, action: "motions.vote", subject: "motion:motion-1", payload: "{damaged" });
    replayer.push({ seq: 3, action: "motions.vote", subject: "motion:motion-1", payload: JSON.stringify({ seatId: 7 }) });
    replayer.push({ seq: 4, action: "money.settlement.create", subject: "settlement:s1", payload: JSON.stringify({ balance: 5 }) });
    replayer.push({ seq: 5, action: "people.create", subject: "person:p1", payload: "not replayed, not read" });
    expect(replayer.unreadable).toEqual([2, 3, 4]);
    expect(replayer.state.votes.get("v1")).toEqual({ motionId: "motion-1", seatId: "seat-1", choice: "yes" });
    expect(replayer.state.currentVotes.get("motion-1:seat-1")).toBe("v1");
  });
});

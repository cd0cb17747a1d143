import { describe, expect, it } from "vitest";
import { countedVoteKeys, countsAsVote, isInvalidVote, votesCountedByStoredOptions } from "./counted-vote.ts";
import { DEFAULT_OPTIONS, type MotionOption } from "./motion-options.ts";

const approval: MotionOption[] = [
  { key: "approve", ja: "承認", en: "Approve", counts: "for" },
  { key: "reject", ja: "不承認", en: "Reject", counts: "against" },
];
const motion = { id: "m1", options: DEFAULT_OPTIONS };

describe("which stored votes count", () => {
  it("counts a current vote for one of the motion's options", () => {
    expect(countsAsVote(motion, { choice: "for", stale: false })).toBe(true);
    expect(countsAsVote(motion, { choice: "abstain", stale: false })).toBe(true);
  });

  it("does not count no vote, a stale vote, or a vote for an option the motion does not have", () => {
    expect(countsAsVote(motion, undefined)).toBe(false);
    expect(countsAsVote(motion, { choice: "for", stale: true })).toBe(false);
    expect(countsAsVote(motion, { choice: "maybe", stale: false })).toBe(false);
    // An option of the default set is not an option of a motion with its own.
    expect(countsAsVote({ options: approval }, { choice: "for", stale: false })).toBe(false);
    expect(countsAsVote({ options: approval }, { choice: "approve", stale: false })).toBe(true);
  });

  it("calls a vote invalid only for its option, whether stale or not", () => {
    expect(isInvalidVote(motion, { choice: "maybe" })).toBe(true);
    expect(isInvalidVote(motion, { choice: "against" })).toBe(false);
  });

  it("keys the counted votes by motion and seat, leaving out the others and votes on unknown motions", () => {
    const keys = countedVoteKeys(
      [motion, { id: "m2", options: approval }],
      [
        { motionId: "m1", seatId: "s1", choice: "for", stale: false },
        { motionId: "m1", seatId: "s2", choice: "maybe", stale: false },
        { motionId: "m1", seatId: "s3", choice: "for", stale: true },
        { motionId: "m2", seatId: "s1", choice: "for", stale: false },
        { motionId: "m2", seatId: "s2", choice: "reject", stale: false },
        { motionId: "m3", seatId: "s1", choice: "for", stale: false },
      ],
    );
    expect([...keys].sort()).toEqual(["m1:s1", "m2:s2"]);
  });
});

describe("votes counted straight from the tables", () => {
  const stored = [
    { id: "m1", options: JSON.stringify(DEFAULT_OPTIONS) },
    { id: "m2", options: "{damaged" },
  ];
  it("drops votes for options the motion lacks, and keeps the votes of a motion whose options cannot be read", () => {
    const votes = [
      { motionId: "m1", seatId: "s1", choice: "for" },
      { motionId: "m1", seatId: "s2", choice: "maybe" },
      { motionId: "m2", seatId: "s3", choice: "maybe" },
    ];
    expect(votesCountedByStoredOptions(stored, votes).map((v) => v.seatId)).toEqual(["s1", "s3"]);
  });
});

import { describe, expect, it } from "vitest";
import { readableRecord, tallyFromVotes } from "./ballot-results.ts";
import { DEFAULT_RULES } from "./ballot-rules.ts";
import type { currentVotes, LoadedBallot, LoadedMotion } from "./find-ballot.ts";
import { DEFAULT_OPTIONS } from "./motion-options.ts";
import { tallyMotion } from "./tally.ts";

type Votes = Awaited<ReturnType<typeof currentVotes>>;
type Vote = Votes extends Map<string, Map<string, infer V>> ? V : never;

const roll = [
  { seatId: "s1", bodyId: "b1", role: "chair" },
  { seatId: "s2", bodyId: "b2", role: "member" },
  { seatId: "s3", bodyId: "b3", role: "member" },
];
const recorded = JSON.stringify(
  tallyMotion({
    rules: DEFAULT_RULES,
    options: DEFAULT_OPTIONS,
    roll: roll.map((r) => ({ seatId: r.seatId, chair: false })),
    votes: new Map(),
  }),
);
const motion = (id: string, number: number, tally: string | null): LoadedMotion => ({
  id,
  number,
  title: `議案${number}`,
  text: "",
  attachments: [],
  options: DEFAULT_OPTIONS,
  version: 1,
  outcome: tally === null ? null : "no_quorum",
  tally,
  recusedSeatIds: new Set(),
});
const ballot = (motions: LoadedMotion[]): LoadedBallot => ({
  id: "ballot",
  councilId: "c",
  number: 1,
  title: "t",
  organId: "o",
  organName: "総会",
  rules: DEFAULT_RULES,
  opensAt: new Date(0),
  deadline: new Date(1),
  createdBy: "test",
  closedAt: new Date(1),
  closedReason: "deadline",
  motions,
  roll,
});
const vote = (seatId: string, choice: string, stale = false) => ({ seatId, choice, stale }) as unknown as Vote;

describe("reading a closed ballot's record", () => {
  it("keeps the readable tallies and names the damaged ones by row, leaving them out of the ballot it hands on", () => {
    const record = readableRecord(
      ballot([motion("m1", 1, "{damaged"), motion("m2", 2, recorded), motion("m3", 3, '{"outcome":"passed"}')]),
    );
    expect(record.recorded.map((r) => r.motion.number)).toEqual([2]);
    expect(record.unreadable.map((u) => [u.motion.number, u.where])).toEqual([
      [1, "Motion m1.tally"],
      [3, "Motion m3.tally"],
    ]);
    expect(record.unreadable[0]!.problem).toContain("not JSON");
    expect(record.ballot.motions.map((m) => m.tally === null)).toEqual([true, false, true]);
  });

  it("hands back the same ballot when everything can be read", () => {
    const whole = ballot([motion("m1", 1, recorded)]);
    expect(readableRecord(whole).ballot).toBe(whole);
  });

  it("recounts from the current votes as the close does: stale votes and options the motion lacks count as none", () => {
    const b = ballot([motion("m1", 1, null), motion("m2", 2, null)]);
    const votes: Votes = new Map([
      [
        "m1",
        new Map([
          ["s1", vote("s1", "for")],
          ["s2", vote("s2", "for", true)],
          ["s3", vote("s3", "maybe")],
        ]),
      ],
      [
        "m2",
        new Map([
          ["s1", vote("s1", "against")],
          ["s2", vote("s2", "against")],
        ]),
      ],
    ]);
    const [first, second] = tallyFromVotes(b, votes);
    expect(first!.tally).toMatchObject({ voted: 1, for: 1, outcome: "no_quorum" });
    expect(second!.tally).toMatchObject({ voted: 2, against: 2, outcome: "rejected" });
    expect(tallyFromVotes(b, votes, [b.motions[1]!]).map((r) => r.motion.number)).toEqual([2]);
  });
});

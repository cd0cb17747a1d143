// Table tests of the tally rules: quorum, thresholds, abstentions, deemed consent, ties and the chair's
// casting vote, recusal (a recused seat is simply not on the motion's roll).
import { describe, expect, it } from "vitest";
import { DEFAULT_RULES, type BallotRules } from "./ballot-rules.ts";
import { DEFAULT_OPTIONS, type MotionOption } from "./motion-options.ts";
import { tallyMotion, type Outcome } from "./tally.ts";

/** A roll of `seats` seats s1…sN (s1 is the chair) and votes written as a string: f/a/x = for/against/abstain, . = none. */
function run(
  seats: number,
  votes: string,
  rules: Partial<BallotRules> = {},
  options: MotionOption[] = DEFAULT_OPTIONS,
  recused: number[] = [],
) {
  const key: Record<string, string> = { f: "for", a: "against", x: "abstain" };
  const roll = Array.from({ length: seats }, (_, i) => ({ seatId: `s${i + 1}`, chair: i === 0 })).filter(
    (_, i) => !recused.includes(i + 1),
  );
  const map = new Map<string, string>();
  [...votes].forEach((c, i) => {
    if (key[c]) map.set(`s${i + 1}`, key[c]);
  });
  return tallyMotion({ rules: { ...DEFAULT_RULES, ...rules }, options, roll, votes: map });
}

describe("tallyMotion", () => {
  const cases: Array<[string, number, string, Partial<BallotRules>, Outcome, Partial<ReturnType<typeof run>>?]> = [
    // quorum: 過半数 of 10 seats is 6
    [
      "five of ten seats fall short of a majority quorum",
      10,
      "fffaa.....",
      {},
      "no_quorum",
      { voted: 5, quorumRequired: 6, quorumMet: false },
    ],
    ["six of ten seats meet a majority quorum", 10, "ffffaa....", {}, "passed", { voted: 6, quorumMet: true }],
    ["half quorum: five of ten is enough", 10, "ffffa.....", { quorum: "half" }, "passed", { quorumRequired: 5, quorumMet: true }],
    ["two-thirds quorum of nine needs six", 9, "fffff....", { quorum: "two_thirds" }, "no_quorum", { quorumRequired: 6 }],
    ["no quorum rule: one vote decides", 10, "f.........", { quorum: "none" }, "passed", { quorumRequired: 0 }],
    ["no quorum rule and nobody voted", 10, "..........", { quorum: "none" }, "rejected", { denominator: 0 }],
    ["abstentions count towards the quorum", 5, "fxx..", {}, "rejected", { quorumMet: true, denominator: 3 }],
    // thresholds
    ["simple majority passes", 5, "fffaa", {}, "passed", { required: 3 }],
    ["exactly half is not a majority", 4, "ffax", {}, "rejected", { denominator: 4, required: 3 }],
    ["two thirds: 4 of 6 passes", 6, "ffffaa", { threshold: "two_thirds" }, "passed", { required: 4 }],
    ["two thirds: 3 of 5 fails", 5, "fffaa", { threshold: "two_thirds" }, "rejected", { required: 4 }],
    ["unanimity passes with all for", 3, "fff", { threshold: "unanimity" }, "passed"],
    ["unanimity fails with one against", 4, "fffa", { threshold: "unanimity" }, "rejected"],
    ["unanimity with abstentions excluded ignores them", 4, "fffx", { threshold: "unanimity", abstentionsInDenominator: false }, "passed"],
    ["unanimity with abstentions counted fails on one", 4, "fffx", { threshold: "unanimity" }, "rejected"],
    // abstentions in the denominator
    ["abstentions counted: 3 for, 2 against, 2 abstain fails", 7, "fffaaxx", {}, "rejected", { denominator: 7, required: 4 }],
    [
      "abstentions excluded: the same votes pass",
      7,
      "fffaaxx",
      { abstentionsInDenominator: false },
      "passed",
      { denominator: 5, required: 3 },
    ],
    // deemed consent
    [
      "deemed consent: silence is consent",
      6,
      "a.....",
      { deemedConsent: true },
      "passed",
      { voted: 1, deemed: 5, for: 5, quorumMet: true },
    ],
    ["deemed consent: objections can still win", 5, "aaa..", { deemedConsent: true }, "rejected", { deemed: 2, for: 2 }],
    ["deemed consent meets any quorum", 9, "..f......", { deemedConsent: true, quorum: "two_thirds" }, "passed", { quorumMet: true }],
    // ties and the casting vote
    ["tie: the chair voted for and decides", 4, "ffaa", {}, "passed", { tie: true, decidedByChair: true }],
    ["tie: the chair voted against and decides", 4, "afaf", {}, "rejected", { tie: true, decidedByChair: true }],
    ["tie: the chair abstained, the tie stands", 5, "xffaa", {}, "rejected", { tie: true, decidedByChair: false }],
    ["tie without a casting vote fails", 4, "ffaa", { castingVote: false }, "rejected", { tie: true, decidedByChair: false }],
    ["no tie under two thirds", 4, "ffaa", { threshold: "two_thirds" }, "rejected", { tie: false }],
    ["a tie without quorum is still no quorum", 10, "fa........", {}, "no_quorum", { tie: true }],
  ];
  it.each(cases)("%s", (_name, seats, votes, rules, outcome, expected) => {
    const result = run(seats, votes, rules);
    expect(result.outcome).toBe(outcome);
    if (expected) expect(result).toMatchObject(expected);
  });

  it("quorum failure wins over a passing count", () => {
    const result = run(10, "fffff.....");
    expect(result.for).toBe(5);
    expect(result.outcome).toBe("no_quorum");
  });

  it("a recused seat leaves the roll: quorum and denominator shrink", () => {
    // Seats 4 and 5 are recused: 3 eligible, 2 voting meet the quorum of 2.
    const result = run(5, "ff.aa", {}, DEFAULT_OPTIONS, [4, 5]);
    expect(result).toMatchObject({ eligible: 3, voted: 2, quorumRequired: 2, quorumMet: true, against: 0, outcome: "passed" });
    expect(result.seats.map((s) => s.seatId)).toEqual(["s1", "s2", "s3"]);
  });

  it("everyone recused: the motion cannot stand", () => {
    expect(run(2, "ff", {}, DEFAULT_OPTIONS, [1, 2]).outcome).toBe("no_quorum");
  });

  it("custom options count by their kind", () => {
    const options: MotionOption[] = [
      { key: "approve", ja: "承認", en: "Approve", counts: "for" },
      { key: "reject", ja: "不承認", en: "Reject", counts: "against" },
    ];
    const roll = ["s1", "s2", "s3"].map((seatId) => ({ seatId, chair: false }));
    const votes = new Map([
      ["s1", "approve"],
      ["s2", "approve"],
      ["s3", "reject"],
    ]);
    const result = tallyMotion({ rules: DEFAULT_RULES, options, roll, votes });
    expect(result).toMatchObject({ counts: { approve: 2, reject: 1 }, for: 2, against: 1, outcome: "passed" });
  });

  it("per-seat results record choices and deemed consent", () => {
    const result = run(3, "a..", { deemedConsent: true });
    expect(result.seats).toEqual([
      { seatId: "s1", choice: "against", deemed: false },
      { seatId: "s2", choice: null, deemed: true },
      { seatId: "s3", choice: null, deemed: true },
    ]);
  });

  it("votes of seats not on the roll are ignored", () => {
    const result = tallyMotion({
      rules: DEFAULT_RULES,
      options: DEFAULT_OPTIONS,
      roll: [{ seatId: "s1", chair: false }],
      votes: new Map([
        ["s1", "for"],
        ["stranger", "against"],
      ]),
    });
    expect(result).toMatchObject({ voted: 1, against: 0, outcome: "passed" });
  });
});

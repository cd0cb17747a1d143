// Email replies are read like chat votes, except that a reply with one bare answer answers the whole ballot.
import { describe, expect, it } from "vitest";
import { DEFAULT_RULES } from "../motions/ballot-rules.ts";
import { DEFAULT_OPTIONS } from "../motions/motion-options.ts";
import { readEmailVote } from "./read-email-vote.ts";

const motion = (number: number, title: string) => ({
  id: `m${number}`,
  number,
  title,
  text: "",
  attachments: [],
  options: DEFAULT_OPTIONS,
  version: 1,
  outcome: null,
  tally: null,
  recusedSeatIds: new Set<string>(),
});
const ballot = {
  motions: [motion(1, "予算について"), motion(2, "会則の改正について"), motion(3, "役員の選任について")],
  rules: DEFAULT_RULES,
};
const read = (text: string, b: Pick<typeof ballot, "motions" | "rules"> = ballot) => {
  const parsed = readEmailVote(text, b);
  return {
    choices: parsed.choices.map((c) => `${c.motion}:${c.option}`).join(" "),
    unclear: parsed.unclear.map((u) => u.reason).join(" "),
  };
};

describe("readEmailVote", () => {
  it.each([
    ["異議ありません。", "1:for 2:for 3:for"],
    ["賛成です", "1:for 2:for 3:for"],
    ["承認します。よろしくお願いいたします。", "1:for 2:for 3:for"],
    ["反対します", "1:against 2:against 3:against"],
    ["No objection.", "1:for 2:for 3:for"],
  ])("a bare answer answers every motion: %s", (text, choices) => {
    expect(read(text)).toEqual({ choices, unclear: "" });
  });

  it("per-motion lines are read as in chat", () => {
    expect(read("議案1：賛成\n議案2：反対\n議案3：棄権")).toEqual({ choices: "1:for 2:against 3:abstain", unclear: "" });
  });

  it("a partial answer stays partial: the bare-answer rule needs the answer to be all there is", () => {
    expect(read("議案1は賛成です。議案3は？")).toEqual({ choices: "1:for", unclear: "question" });
  });

  it("two different bare answers are a conflict, not a whole-ballot vote", () => {
    expect(read("賛成と反対")).toMatchObject({ choices: "" });
  });

  it("asks instead where votes cannot be changed", () => {
    expect(read("異議ありません", { ...ballot, rules: { ...DEFAULT_RULES, allowChange: false } })).toEqual({
      choices: "",
      unclear: "which_motion",
    });
  });
});

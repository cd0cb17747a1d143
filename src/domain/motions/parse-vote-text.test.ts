// What people write when they vote, and what Kyodo reads from it — or asks back about.
import { describe, expect, it } from "vitest";
import { DEFAULT_OPTIONS, type MotionOption } from "./motion-options.ts";
import { parseVoteText, type VoteTextContext } from "./parse-vote-text.ts";

const four: VoteTextContext = {
  motions: [
    { number: 1, title: "平成30年度ちば電子調達システム利用負担金額（案）の決定について", options: DEFAULT_OPTIONS },
    { number: 2, title: "平成30年度ちば電子申請システム利用負担金額（案）の決定について", options: DEFAULT_OPTIONS },
    { number: 3, title: "平成30年度ちば施設予約システム利用負担金額（案）の承認について", options: DEFAULT_OPTIONS },
    { number: 4, title: "会則の改正について", options: DEFAULT_OPTIONS },
  ],
};
const one: VoteTextContext = { motions: [four.motions[0]!] };

/** The choices as "1:for 2:against", for compact expectations. */
function read(text: string, context = four): string {
  return parseVoteText(text, context)
    .choices.map((c) => `${c.motion}:${c.option}`)
    .join(" ");
}
function reasons(text: string, context = four): string {
  return parseVoteText(text, context)
    .unclear.map((u) => `${u.reason}[${u.motions.join(",")}]`)
    .join(" ");
}

describe("parseVoteText: one motion", () => {
  it.each([
    ["賛成", "1:for"],
    ["賛成します", "1:for"],
    ["賛成です。よろしくお願いします。", "1:for"],
    ["承認します", "1:for"],
    ["ｻﾝｾｲ", ""],
    ["同意いたします", "1:for"],
    ["異議なし", "1:for"],
    ["異議ありません", "1:for"],
    ["特に異議はございません", "1:for"],
    ["意義なし", "1:for"],
    ["反対意見はありません", "1:for"],
    ["異議あり", "1:against"],
    ["異議があります", "1:against"],
    ["反対します", "1:against"],
    ["賛成しかねます", "1:against"],
    ["承認できません", "1:against"],
    ["不承認", "1:against"],
    ["棄権します", "1:abstain"],
    ["　賛成　", "1:for"],
    ["議案１　賛成", "1:for"],
    ["○", "1:for"],
    ["可", "1:for"],
    ["否", "1:against"],
    ["I approve", "1:for"],
    ["No objection.", "1:for"],
    ["against", "1:against"],
    ["Abstain", "1:abstain"],
  ])("%s → %s", (text, expected) => {
    expect(read(text, one)).toBe(expected);
  });

  it.each([
    ["よろしくお願いします", "no_choice[]"],
    ["反対しません", "negation[1]"],
    ["賛成でいいですか？", "question[1]"],
    ["賛成と反対", "conflict[1]"],
    // Issue #17: words around the answer that are not on the neutral list make the sentence a question back.
    ["賛成とは言えません", "qualified[1]"],
    ["賛成は困難です", "qualified[1]"],
    ["原案に賛成できる状況にない", "qualified[1]"],
    ["賛成しないわけではない", "qualified[1]"],
    ["概ね賛成", "qualified[1]"],
    ["修正されれば賛成", "qualified[1]"],
    ["賛成です。ただし条件付きです。", "qualified[1]"],
    ["> 賛成", "no_choice[]"],
  ])("%s is asked back: %s", (text, expected) => {
    expect(read(text, one)).toBe("");
    expect(reasons(text, one)).toBe(expected);
  });
});

describe("parseVoteText: several motions", () => {
  it.each([
    ["全議案賛成", "1:for 2:for 3:for 4:for"],
    ["全議案に賛成します", "1:for 2:for 3:for 4:for"],
    ["すべて承認します", "1:for 2:for 3:for 4:for"],
    ["議案1 賛成、議案2 反対", "1:for 2:against"],
    ["議案１：賛成\n議案２：反対\n議案３：棄権\n議案４：賛成", "1:for 2:against 3:abstain 4:for"],
    ["議案1 賛成 議案2 反対", "1:for 2:against"],
    ["議案1、2は賛成、議案3は反対", "1:for 2:for 3:against"],
    ["議案1・議案2は賛成です。議案3、4は反対です。", "1:for 2:for 3:against 4:against"],
    ["議案1〜3 賛成、議案4 棄権", "1:for 2:for 3:for 4:abstain"],
    ["第1号議案から第3号議案まで承認します。第4号議案は承認しません。", "1:for 2:for 3:for 4:against"],
    ["議案1 賛成、2 反対", "1:for 2:against"],
    ["1. 賛成\n2. 反対", "1:for 2:against"],
    ["(1) 賛成\n(2) 賛成", "1:for 2:for"],
    ["議案1\n賛成\n議案2\n反対", "1:for 2:against"],
    ["賛成：議案1、議案2　反対：議案3", "1:for 2:for 3:against"],
    ["全議案賛成。ただし議案2は反対します。", "1:for 2:against 3:for 4:for"],
    ["議案3 平成30年度ちば施設予約システム利用負担金額（案）の承認について 反対", "3:against"],
    ["議案1 異議なし、議案2 異議あり", "1:for 2:against"],
    ["Motion 1: for, motion 2: against", "1:for 2:against"],
    ["I vote for motion 1 and against motion 2", "1:for 2:against"],
    ["approve all motions", "1:for 2:for 3:for 4:for"],
    ["議案1 賛成です、同意します", "1:for"],
  ])("%s → %s", (text, expected) => {
    expect(read(text)).toBe(expected);
  });

  it.each([
    // A bare answer with several motions and none asked about: which motions?
    ["賛成", "", "which_motion[]"],
    ["異議ありません", "", "which_motion[]"],
    ["賛成、議案2は反対", "2:against", "which_motion[]"],
    ["議案7 賛成", "", "unknown_motion[7]"],
    ["議案1 賛成、議案7 反対", "1:for", "unknown_motion[7]"],
    // An exception answers the other motions and asks about the one it names (issue #17)…
    ["議案2以外は賛成", "1:for 3:for 4:for", "no_choice[2]"],
    ["議案3を除き賛成、議案3は反対", "1:for 2:for 3:against 4:for", ""],
    ["議案1は賛成、議案2以外は反対", "1:for 3:against 4:against", "no_choice[2]"],
    ["議案3を除く全議案に賛成", "1:for 2:for 4:for", "no_choice[3]"],
    ["Approve all but motion 2", "1:for 3:for 4:for", "no_choice[2]"],

    // …but only a plain one, naming its motions right next to it.
    ["議案2以外は反対しません", "", "exception[1,2,3,4]"],
    ["議案2以外は賛成？", "", "exception[1,2,3,4]"],
    ["議案2以外は概ね賛成", "", "exception[1,2,3,4]"],
    ["議案9以外は賛成", "", "exception[1,2,3,4]"],
    ["全議案賛成（議案3を除く）", "", "exception[1,2,3,4]"],
    ["I approve, except motion", "", "exception[1,2,3,4]"],
    ["議案1と、議案2以外は賛成", "", "exception[1,2,3,4]"],
    ["I approve motions 1 and 2 but not motion 3", "", "exception[1,2,3,4]"],
    ["議案1 賛成、議案1 反対", "", "conflict[1]"],
    ["議案1 賛成 反対", "", "conflict[1]"],
    ["議案1について検討中です。議案2 賛成", "2:for", "no_choice[1]"],
    ["議案1は反対しません", "", "negation[1]"],
    ["議案3は？", "", "question[3]"],
    ["お疲れ様です", "", "no_choice[]"],
    ["議案1 賛成。議案2は修正されれば賛成。", "1:for", "qualified[2]"],
    ["全議案賛成とは言えません", "", "qualified[1,2,3,4]"],
    ["全議案賛成。議案2は保留です。", "1:for 3:for 4:for", "no_choice[2]"],
    ["> 全議案に賛成\n議案2は反対", "2:against", ""],
  ])("%s → %s, asks about %s", (text, choices, unclear) => {
    expect(read(text)).toBe(choices);
    expect(reasons(text)).toBe(unclear);
  });

  it("a bare answer goes to the motion being asked about", () => {
    expect(read("賛成します", { ...four, focus: 3 })).toBe("3:for");
    expect(read("議案4 反対", { ...four, focus: 3 })).toBe("4:against");
  });

  it("tells which answer a which_motion question was about", () => {
    expect(parseVoteText("反対です", four).unclear).toEqual([{ reason: "which_motion", motions: [], phrase: "反対です", kind: "against" }]);
  });

  it("keeps the words each choice was read from", () => {
    expect(parseVoteText("議案1 賛成、議案2 反対", four).choices.map((c) => c.phrase)).toEqual(["議案1 賛成", "議案2 反対"]);
  });
});

describe("parseVoteText: custom options", () => {
  const options: MotionOption[] = [
    { key: "approve", ja: "承認", en: "Approve", counts: "for" },
    { key: "reject", ja: "不承認", en: "Reject", counts: "against" },
  ];
  const custom: VoteTextContext = {
    motions: [
      { number: 1, options },
      { number: 2, options: [...options, { key: "original", ja: "原案どおり", en: "As proposed", counts: "for" }] },
    ],
  };

  it("reads the option labels and the usual words by how they count", () => {
    expect(read("議案1 承認、議案2 不承認", custom)).toBe("1:approve 2:reject");
    expect(read("議案1 賛成", custom)).toBe("1:approve");
    expect(read("議案2 原案どおり", custom)).toBe("2:original");
  });

  it("asks when a word fits several options or none", () => {
    // Motion 2 has two options that count as for; 棄権 is not offered at all.
    expect(reasons("議案2 賛成", custom)).toBe("not_an_option[2]");
    expect(reasons("議案1 棄権", custom)).toBe("not_an_option[1]");
  });
});

import { describe, expect, it } from "vitest";
import { UserError } from "../../lib/user-error.ts";
import { tallyQuestion, type BodyAnswers } from "../surveys/tally.ts";
import { candidateNumberOf, parsePoints, rankingDefinition } from "./ranking-definition.ts";

const candidates = [
  { number: 2, name: "AI議事録作成システム", category: "業務効率化", roughCost: "年額 約702万円" },
  { number: 3, name: "電子契約システム", category: "契約", roughCost: "" },
  { number: 5, name: "子育て支援アプリ", category: "", roughCost: "" },
];
const due = new Date("2027-04-30T08:59:00Z");
const body = (name: string, rank: string[] | null): BodyAnswers => ({ bodyId: name, bodyName: name, answers: { rank } });

describe("the second-stage ranking survey (Osaka: 1st = 2 points, 2nd = 1)", () => {
  it("is one optional ranking question over the candidates, for every member body", () => {
    const definition = rankingDefinition({ candidates, points: [2, 1], dueAt: due, fiscalYear: 2027 });
    expect(definition.title).toBe("令和9年度 共同調達案件の順位付け（第2段階）");
    expect(definition.audience).toEqual({ kind: "all" });
    expect(definition.questions).toHaveLength(1);
    const q = definition.questions[0]!;
    expect(q).toMatchObject({ id: "rank", kind: "ranking", top: 2, points: [2, 1], required: false });
    expect(q.text).toBe("共同調達を希望する案件を、1位から2位まで選んでください（1位=2点、2位=1点）。");
    expect(q.kind === "ranking" && q.options.map((o) => [o.value, o.label])).toEqual([
      ["c2", "案件2 AI議事録作成システム"],
      ["c3", "案件3 電子契約システム"],
      ["c5", "案件5 子育て支援アプリ"],
    ]);
    expect(definition.description).toContain("・案件2 AI議事録作成システム（業務効率化） 概算: 年額 約702万円");
    expect(candidateNumberOf("c5")).toBe(5);
  });

  it("totals points per candidate, shares a place on equal points and states the tie", () => {
    const q = rankingDefinition({ candidates, points: [2, 1], dueAt: due, fiscalYear: 2027 }).questions[0]!;
    const answers = [
      body("千葉市", ["c2", "c3"]), // c2 +2, c3 +1
      body("銚子市", ["c3", "c2"]), // c3 +2, c2 +1
      body("我孫子市", ["c2", "c5"]), // c2 +2, c5 +1
      body("鎌ケ谷市", ["c3", "c5"]), // c3 +2, c5 +1
      body("市川市", null), // wants none of them: answered, ranked nothing
    ];
    const tally = tallyQuestion([q], q, answers);
    if (tally.type !== "ranking") throw new Error("not a ranking");
    expect(tally.ranked.map((r) => [r.option.value, r.points, r.byRank, r.place])).toEqual([
      ["c2", 5, [2, 1], 1],
      ["c3", 5, [2, 1], 1],
      ["c5", 2, [0, 2], 3],
    ]);
    expect(tally.ties.map((g) => g.map((r) => r.option.value))).toEqual([["c2", "c3"]]);
    expect(tally).toMatchObject({ answered: 4, skipped: 1 });
  });

  it("other weights: 3-2-1 over three ranks", () => {
    const q = rankingDefinition({ candidates, points: [3, 2, 1], dueAt: due, fiscalYear: 2027 }).questions[0]!;
    const tally = tallyQuestion([q], q, [body("千葉市", ["c5", "c3", "c2"]), body("銚子市", ["c3", "c5", "c2"])]);
    if (tally.type !== "ranking") throw new Error("not a ranking");
    expect(tally.ranked.map((r) => [r.option.value, r.points, r.place])).toEqual([
      ["c3", 5, 1],
      ["c5", 5, 1],
      ["c2", 2, 3],
    ]);
    expect(q.text).toContain("1位=3点、2位=2点、3位=1点");
  });

  it("reads points per rank and refuses increasing or empty ones", () => {
    expect(parsePoints("2,1")).toEqual([2, 1]);
    expect(parsePoints("３－２－１".replace("－", "-").replace("－", "-"))).toEqual([3, 2, 1]);
    expect(parsePoints("5 3 1")).toEqual([5, 3, 1]);
    expect(parsePoints("1,2")).toBeUndefined();
    expect(parsePoints("0,0")).toBeUndefined();
    expect(parsePoints("x")).toBeUndefined();
  });

  it("needs at least two candidates and no more ranks than candidates", () => {
    expect(() => rankingDefinition({ candidates: candidates.slice(0, 1), points: [2, 1], dueAt: due, fiscalYear: 2027 })).toThrow(
      UserError,
    );
    expect(() => rankingDefinition({ candidates: candidates.slice(0, 2), points: [3, 2, 1], dueAt: due, fiscalYear: 2027 })).toThrow(
      /tooManyRanks/,
    );
  });
});

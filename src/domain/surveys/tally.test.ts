import { describe, expect, it } from "vitest";
import { cleanAnswers, isApplicable, unansweredQuestions } from "./answer-rules.ts";
import { tallySurvey, type BodyAnswers } from "./tally.ts";
import type { Question } from "./survey-types.ts";

const questions: Question[] = [
  {
    id: "join",
    kind: "single",
    text: "参加",
    required: true,
    options: [
      { value: "join", label: "参加する" },
      { value: "undecided", label: "検討中" },
      { value: "decline", label: "参加しない" },
    ],
  },
  { id: "licences", kind: "number", text: "数", required: true, integer: false, when: { question: "join", anyOf: ["join"] } },
  {
    id: "uses",
    kind: "multi",
    text: "場面",
    required: true,
    options: [
      { value: "a", label: "議会" },
      { value: "b", label: "庁内会議" },
    ],
    when: { question: "join", anyOf: ["join", "undecided"] },
  },
  {
    id: "rank",
    kind: "ranking",
    text: "次期候補",
    required: false,
    top: 2,
    points: [2, 1],
    options: [
      { value: "x", label: "電子契約" },
      { value: "y", label: "文書管理" },
      { value: "z", label: "子育て" },
    ],
  },
  { id: "comment", kind: "text", text: "意見", required: false, maxLength: 100 },
];
const body = (name: string, answers: BodyAnswers["answers"]): BodyAnswers => ({ bodyId: name, bodyName: name, answers });

describe("answer rules", () => {
  it("a condition follows its question, also through a chain", () => {
    expect(isApplicable(questions, questions[1]!, { join: "join" })).toBe(true);
    expect(isApplicable(questions, questions[1]!, { join: "decline" })).toBe(false);
    expect(isApplicable(questions, questions[2]!, { join: "undecided" })).toBe(true);
  });

  it("keeps only valid answers to questions that apply", () => {
    // Changing 参加する to 参加しない drops the licence count; last year's bad value is not carried over.
    expect(cleanAnswers(questions, { join: "decline", licences: 3, uses: ["a", "zz"], comment: "x" })).toEqual({
      join: "decline",
      comment: "x",
    });
    expect(unansweredQuestions(questions, { join: "join" }).map((q) => q.id)).toEqual(["licences", "uses", "rank", "comment"]);
    expect(unansweredQuestions(questions, { join: "decline", rank: null, comment: null })).toEqual([]);
  });
});

describe("tallies", () => {
  const bodies = [
    body("千葉市", { join: "join", licences: 10.1, uses: ["a", "b"], rank: ["x", "y"], comment: "早期に導入したい" }),
    body("銚子市", { join: "join", licences: 0.2, uses: ["b"], rank: ["y", "x"] }),
    body("我孫子市", { join: "undecided", uses: ["a"], rank: ["z", "x"], comment: null }),
    body("鎌ケ谷市", { join: "decline", rank: null }),
  ];
  const [join, licences, uses, rank, comment] = tallySurvey(questions, bodies);

  it("counts choices with percentages of the bodies that answered the question", () => {
    expect(join).toMatchObject({ type: "choice", answered: 4 });
    expect(join!.type === "choice" && join!.counts.map((c) => [c.option.label, c.count, c.percent])).toEqual([
      ["参加する", 2, 50],
      ["検討中", 1, 25],
      ["参加しない", 1, 25],
    ]);
    expect(uses!.type === "choice" && uses!.counts.map((c) => [c.count, c.percent])).toEqual([
      [2, 66.7],
      [2, 66.7],
    ]);
    expect(uses).toMatchObject({ answered: 3, notApplicable: 1 });
  });

  it("adds numbers exactly", () => {
    expect(licences).toMatchObject({ type: "number", answered: 2, sum: "10.3", average: "5.15", min: 0.2, max: 10.1 });
  });

  it("totals ranking points (1st = 2, 2nd = 1) and states ties", () => {
    if (rank!.type !== "ranking") throw new Error("ranking expected");
    expect(rank!.ranked.map((r) => [r.option.label, r.points, r.byRank, r.place])).toEqual([
      ["電子契約", 4, [1, 2], 1],
      ["文書管理", 3, [1, 1], 2],
      ["子育て", 2, [1, 0], 3],
    ]);
    expect(rank!.ties).toEqual([]);
    expect(rank).toMatchObject({ answered: 3, skipped: 1 });
    const tied = tallySurvey(questions, [
      body("a", { join: "decline", rank: ["x", "y"] }),
      body("b", { join: "decline", rank: ["y", "x"] }),
    ])[3]!;
    if (tied.type !== "ranking") throw new Error("ranking expected");
    expect(tied.ties.map((g) => g.map((r) => r.option.label))).toEqual([["電子契約", "文書管理"]]);
    expect(tied.ranked.map((r) => r.place)).toEqual([1, 1, 3]);
  });

  it("lists free text by body", () => {
    expect(comment).toMatchObject({ type: "text", answered: 1, skipped: 3, entries: [{ bodyName: "千葉市", text: "早期に導入したい" }] });
  });
});

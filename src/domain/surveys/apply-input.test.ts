import { describe, expect, it } from "vitest";
import { answerProblem } from "./answer-rules.ts";
import { applyQuestionInput, navAction, optionAction, questionChoices, type Outcome } from "./apply-input.ts";
import { firstPosition, nextPosition, previousPosition, type Position } from "./navigation.ts";
import type { Answers, Question } from "./survey-types.ts";

const opts = (...labels: string[]) => labels.map((label, i) => ({ value: `v${i + 1}`, label }));
const questions: Question[] = [
  {
    id: "join",
    kind: "single",
    text: "参加しますか",
    required: true,
    options: [
      { value: "join", label: "参加する" },
      { value: "decline", label: "参加しない" },
    ],
  },
  { id: "count", kind: "number", text: "数", required: true, integer: true, min: 1, when: { question: "join", anyOf: ["join"] } },
  { id: "uses", kind: "multi", text: "場面", required: true, options: opts("議会", "庁内会議", "審議会") },
  { id: "rank", kind: "ranking", text: "順位", required: false, top: 2, points: [2, 1], options: opts("電子契約", "文書管理", "子育て") },
  {
    id: "matrix",
    kind: "matrix",
    text: "オプション",
    required: true,
    rows: opts("議事録", "文字起こし"),
    options: opts("コンサル", "研修"),
  },
  { id: "ok", kind: "yesno", text: "WG", required: true },
];
const q = (id: string) => questions.find((x) => x.id === id)!;
const at = (id: string, sub = 0, pending?: string[]): Extract<Position, { at: "question" }> => ({
  at: "question",
  id,
  sub,
  ...(pending ? { pending } : {}),
});
const text = (t: string) => ({ kind: "text" as const, text: t });
const press = (value: string) => ({ kind: "action" as const, value });

describe("answering one question", () => {
  it("a typed number means the same button as on the console", () => {
    const specs = questionChoices(q("join"), at("join"), {});
    expect(applyQuestionInput(q("join"), at("join"), {}, text("２"))).toEqual({ type: "answer", value: "decline" });
    expect(applyQuestionInput(q("join"), at("join"), {}, press(specs[1]!.action))).toEqual({ type: "answer", value: "decline" });
    // The last button is 戻る.
    expect(applyQuestionInput(q("join"), at("join"), {}, text(String(specs.length)))).toEqual({ type: "back" });
    expect(applyQuestionInput(q("join"), at("join"), {}, text("参加する"))).toEqual({ type: "answer", value: "join" });
  });

  it("a button from an earlier question is recognised, not applied to this one", () => {
    expect(applyQuestionInput(q("ok"), at("ok"), {}, press(optionAction(at("join"), "join")))).toEqual({ type: "stale" });
  });

  it("a number question takes the typed number, not a button", () => {
    expect(questionChoices(q("count"), at("count"), {})).toEqual([]);
    expect(applyQuestionInput(q("count"), at("count"), {}, text("1"))).toEqual({ type: "answer", value: 1 });
    expect(applyQuestionInput(q("count"), at("count"), {}, text("戻る"))).toEqual({ type: "back" });
    expect(applyQuestionInput(q("count"), at("count"), {}, text("そのまま"))).toMatchObject({
      type: "problem",
      key: "surveys.flow.nothingToKeep",
    });
    expect(applyQuestionInput(q("count"), at("count"), { count: 3 }, text("そのまま"))).toEqual({ type: "keep" });
  });

  it("multiple choice: a number ticks and unticks, 決定 confirms, a list confirms at once", () => {
    let outcome: Outcome = applyQuestionInput(q("uses"), at("uses", 0, []), {}, text("3"));
    expect(outcome).toEqual({ type: "partial", position: at("uses", 0, ["v3"]), answers: {} });
    outcome = applyQuestionInput(q("uses"), at("uses", 0, ["v3"]), {}, text("1"));
    // Kept in the definition's order.
    expect(outcome).toEqual({ type: "partial", position: at("uses", 0, ["v1", "v3"]), answers: {} });
    expect(applyQuestionInput(q("uses"), at("uses", 0, ["v1", "v3"]), {}, text("1"))).toMatchObject({ position: { pending: ["v3"] } });
    expect(applyQuestionInput(q("uses"), at("uses", 0, ["v1", "v3"]), {}, press(navAction(at("uses"), "done")))).toEqual({
      type: "answer",
      value: ["v1", "v3"],
    });
    expect(applyQuestionInput(q("uses"), at("uses", 0, []), {}, text("決定"))).toMatchObject({
      type: "problem",
      key: "surveys.answer.tooFew",
    });
    expect(applyQuestionInput(q("uses"), at("uses", 0, []), {}, text("議会、審議会"))).toEqual({ type: "answer", value: ["v1", "v3"] });
  });

  it("ranking: picks rank by rank from what is left, or takes the order at once", () => {
    const first = applyQuestionInput(q("rank"), at("rank"), {}, text("2"));
    expect(first).toEqual({ type: "partial", position: at("rank", 1), answers: { rank: ["v2"] } });
    // For the second rank only 電子契約 and 子育て are left: 「2」 is now 子育て.
    const left = questionChoices(q("rank"), at("rank", 1), { rank: ["v2"] }).filter((c) => "option" in c);
    expect(left.map((c) => ("option" in c ? c.option.label : ""))).toEqual(["電子契約", "子育て"]);
    expect(applyQuestionInput(q("rank"), at("rank", 1), { rank: ["v2"] }, text("2"))).toEqual({ type: "answer", value: ["v2", "v3"] });
    expect(applyQuestionInput(q("rank"), at("rank"), {}, text("3,1"))).toEqual({ type: "answer", value: ["v3", "v1"] });
    expect(applyQuestionInput(q("rank"), at("rank"), {}, text("3,1,2"))).toMatchObject({ type: "problem", key: "surveys.answer.rankAll" });
    // Optional: it may be skipped, but not halfway through.
    expect(applyQuestionInput(q("rank"), at("rank"), {}, text("スキップ"))).toEqual({ type: "answer", value: null });
    expect(applyQuestionInput(q("rank"), at("rank", 1), { rank: ["v2"] }, text("スキップ"))).toMatchObject({ type: "problem" });
  });

  it("ranking that accepts a partial answer: a 1st choice alone is enough, 完了 keeps what was ranked", () => {
    const partial: Question = {
      id: "pick",
      kind: "ranking",
      text: "希望",
      required: true,
      top: 3,
      points: [3, 2, 1],
      minRanked: 1,
      options: opts("電子契約", "文書管理", "子育て", "RPA"),
    };
    const first = applyQuestionInput(partial, at("pick"), {}, text("2"));
    expect(first).toEqual({ type: "partial", position: at("pick", 1), answers: { pick: ["v2"] } });
    expect(applyQuestionInput(partial, at("pick", 1), { pick: ["v2"] }, text("完了"))).toEqual({ type: "answer", value: ["v2"] });
    expect(applyQuestionInput(partial, at("pick", 1), { pick: ["v2"] }, text("スキップ"))).toEqual({ type: "answer", value: ["v2"] });
    expect(applyQuestionInput(partial, at("pick"), {}, text("4"))).toMatchObject({ type: "partial" });
    expect(applyQuestionInput(partial, at("pick"), {}, text("4,1"))).toEqual({ type: "answer", value: ["v4", "v1"] });
    // Nothing ranked yet is not an answer to a required question.
    expect(applyQuestionInput(partial, at("pick"), {}, text("完了"))).toMatchObject({ type: "problem", key: "surveys.answer.rankBetween" });
    expect(answerProblem(partial, ["v1"])).toBeUndefined();
    expect(answerProblem(partial, [])).toMatchObject({ key: "surveys.answer.rankBetween", vars: { min: 1, top: 3 } });
    // Without minRanked every rank is needed, as before.
    expect(applyQuestionInput(q("rank"), at("rank", 1), { rank: ["v2"] }, text("完了"))).toMatchObject({
      type: "problem",
      key: "surveys.answer.rankAll",
    });
  });

  it("option matrix: row by row, ticking options, then the next row", () => {
    const row1 = applyQuestionInput(q("matrix"), at("matrix", 0, ["v1"]), {}, text("決定"));
    expect(row1).toEqual({ type: "partial", position: at("matrix", 1, []), answers: { matrix: { v1: ["v1"] } } });
    expect(applyQuestionInput(q("matrix"), at("matrix", 1, []), { matrix: { v1: ["v1"] } }, text("1,2"))).toEqual({
      type: "answer",
      value: { v1: ["v1"], v2: ["v1", "v2"] },
    });
    expect(applyQuestionInput(q("matrix"), at("matrix", 1, []), { matrix: { v1: ["v1"] } }, text("なし"))).toEqual({
      type: "answer",
      value: { v1: ["v1"], v2: [] },
    });
  });

  it("a required question cannot be skipped", () => {
    expect(applyQuestionInput(q("ok"), at("ok"), {}, text("skip"))).toMatchObject({ type: "problem", key: "surveys.answer.required" });
    expect(applyQuestionInput(q("ok"), at("ok"), {}, text("はい"))).toEqual({ type: "answer", value: "yes" });
  });
});

describe("moving through the survey", () => {
  it("skips questions whose condition is not met, and ends at the summary", () => {
    const answers: Answers = { join: "decline" };
    expect(nextPosition(questions, answers, "join")).toEqual(at("uses", 0, []));
    const all: Answers = { join: "decline", uses: ["v1"], rank: null, matrix: { v1: [], v2: [] }, ok: "no" };
    expect(firstPosition(questions, all)).toEqual({ at: "summary" });
  });

  it("after a change, goes on to the next unanswered question, not through everything again", () => {
    const answers: Answers = { join: "join", count: 3, uses: ["v1"], rank: ["v1", "v2"], matrix: { v1: [], v2: [] }, ok: "yes" };
    expect(nextPosition(questions, answers, "join")).toEqual({ at: "summary" });
    const { count: _dropped, ...withoutCount } = answers;
    expect(nextPosition(questions, withoutCount, "join")).toEqual(at("count"));
  });

  it("back steps to the previous applicable question, the last matrix row, or says it is the first", () => {
    const answers: Answers = { join: "decline", uses: ["v1"], rank: null, matrix: { v1: ["v2"], v2: ["v1"] } };
    expect(previousPosition(questions, answers, at("uses"))).toEqual(at("join"));
    expect(previousPosition(questions, answers, at("ok"))).toEqual(at("matrix", 1, ["v1"]));
    expect(previousPosition(questions, answers, at("matrix", 1))).toEqual(at("matrix", 0, ["v2"]));
    expect(previousPosition(questions, answers, at("join"))).toBeUndefined();
    expect(previousPosition(questions, { ...answers, ok: "no" }, { at: "summary" })).toEqual(at("ok"));
  });

  it("resumes a half-made ranking or matrix where it stopped", () => {
    expect(firstPosition(questions, { join: "decline", uses: ["v1"], rank: ["v3"] })).toEqual(at("rank", 1));
    expect(firstPosition(questions, { join: "decline", uses: ["v1"], rank: null, matrix: { v1: ["v1"] } })).toEqual(at("matrix", 1, []));
  });
});

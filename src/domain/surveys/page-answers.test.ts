import { describe, expect, it } from "vitest";
import { pageQuestions, readPage } from "./page-answers.ts";
import type { Question } from "./survey-types.ts";

const questions: Question[] = [
  { id: "join", kind: "yesno", text: "参加しますか", required: true },
  {
    id: "count",
    kind: "number",
    text: "人数",
    required: true,
    integer: true,
    min: 1,
    max: 100,
    when: { question: "join", anyOf: ["yes"] },
  },
  {
    id: "plan",
    kind: "single",
    text: "プラン",
    required: true,
    options: [
      { value: "a", label: "標準" },
      { value: "b", label: "拡張" },
    ],
  },
  { id: "from", kind: "date", text: "開始日", required: false },
  { id: "uses", kind: "multi", text: "用途", required: false, options: [{ value: "x", label: "会議" }] },
  { id: "note", kind: "text", text: "備考", required: false, maxLength: 10 },
];

describe("survey pages", () => {
  it("ends a page before a question that depends on an answer on it, and before a kind a form cannot ask", () => {
    expect(pageQuestions(questions, {}, "join").map((q) => q.id)).toEqual(["join"]);
    expect(pageQuestions(questions, { join: "yes" }, "count").map((q) => q.id)).toEqual(["count", "plan", "from"]);
    // The condition was answered earlier: a question that does not apply is left out, not a page end.
    expect(pageQuestions(questions, { join: "no" }, "count").map((q) => q.id)).toEqual(["plan", "from"]);
    expect(pageQuestions(questions, {}, "note").map((q) => q.id)).toEqual(["note"]);
  });

  it("reads a page with the chat's rules and says what is wrong by question", () => {
    const page = pageQuestions(questions, { join: "yes" }, "count");
    expect(readPage(page, { count: "１２名", plan: "b", from: "令和9年4月1日" })).toEqual({
      answers: { count: 12, plan: "b", from: "2027-04-01" },
      problems: {},
    });
    expect(readPage(page, { count: "500", plan: "", from: "" })).toEqual({
      answers: { from: null },
      problems: { count: { key: "surveys.answer.aboveMax", vars: { max: 100 } }, plan: { key: "surveys.answer.required" } },
    });
  });
});

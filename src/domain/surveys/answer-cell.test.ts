import { describe, expect, it } from "vitest";
import { readAnswerCell } from "./answer-cell.ts";
import type { Question } from "./survey-types.ts";

const base = { text: "問", required: true };
const options = [
  { value: "join", label: "参加する" },
  { value: "no", label: "参加しない" },
];

describe("an answer in one spreadsheet cell", () => {
  it("is read per kind as chat reads a typed answer", () => {
    expect(readAnswerCell({ ...base, id: "a", kind: "single", options }, "参加する")).toEqual({ ok: true, value: "join" });
    expect(readAnswerCell({ ...base, id: "b", kind: "yesno" }, "はい")).toEqual({ ok: true, value: "yes" });
    expect(readAnswerCell({ ...base, id: "c", kind: "multi", options }, "1,2")).toEqual({ ok: true, value: ["join", "no"] });
    expect(readAnswerCell({ ...base, id: "d", kind: "number", integer: true, unit: "人" }, "１２人")).toEqual({ ok: true, value: 12 });
    expect(readAnswerCell({ ...base, id: "e", kind: "date" }, "令和9年4月1日")).toEqual({ ok: true, value: "2027-04-01" });
    expect(readAnswerCell({ ...base, id: "f", kind: "text", maxLength: 3 }, "長すぎる答え")).toMatchObject({
      ok: false,
      key: "surveys.answer.tooLong",
    });
    const ranking: Question = { ...base, id: "g", kind: "ranking", options, top: 2, points: [2, 1] };
    expect(readAnswerCell(ranking, "2,1")).toEqual({ ok: true, value: ["no", "join"] });
  });

  it("is not offered for a matrix, which is a table of its own", () => {
    expect(readAnswerCell({ ...base, id: "m", kind: "matrix", rows: options, options }, "1")).toBeUndefined();
  });
});

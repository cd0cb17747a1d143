import { describe, expect, it } from "vitest";
import { matchOption, navWord, readDate, readList, readNumber, readText, readYesNo } from "./read-answer.ts";
import type { QuestionOf } from "./survey-types.ts";

const options = [
  { value: "join", label: "参加する", labelEn: "Join" },
  { value: "undecided", label: "検討中", labelEn: "Undecided" },
  { value: "decline", label: "参加しない", labelEn: "Will not join" },
];
const number: QuestionOf<"number"> = {
  id: "n",
  kind: "number",
  text: "n",
  required: true,
  integer: true,
  unit: "ライセンス",
  unitEn: "licences",
  min: 1,
  max: 200,
};

describe("reading typed answers", () => {
  it("picks an option by number (full-width too), label, English label or value", () => {
    expect(matchOption(options, "1")).toEqual({ ok: true, value: "join" });
    expect(matchOption(options, "３")).toEqual({ ok: true, value: "decline" });
    expect(matchOption(options, "参加する")).toEqual({ ok: true, value: "join" });
    expect(matchOption(options, "参加しない。")).toEqual({ ok: true, value: "decline" });
    expect(matchOption(options, "undecided")).toEqual({ ok: true, value: "undecided" });
    expect(matchOption(options, "ＷＩＬＬ ＮＯＴ ＪＯＩＮ")).toEqual({ ok: true, value: "decline" });
    expect(matchOption(options, "検討")).toEqual({ ok: true, value: "undecided" });
  });

  it("refuses an ambiguous or unknown choice instead of guessing", () => {
    expect(matchOption(options, "参加")).toMatchObject({
      ok: false,
      key: "surveys.answer.ambiguous",
      vars: { candidates: "参加する、参加しない" },
    });
    expect(matchOption(options, "4")).toMatchObject({ ok: false, key: "surveys.answer.noSuchNumber", vars: { max: 3 } });
    expect(matchOption(options, "たぶん")).toMatchObject({ ok: false, key: "surveys.answer.notAnOption" });
    // A number beyond the list may be an option's own name.
    expect(
      matchOption(
        [
          { value: "a", label: "2026" },
          { value: "b", label: "2027" },
        ],
        "2027",
      ),
    ).toEqual({ ok: true, value: "b" });
  });

  it("reads yes and no as staff write them", () => {
    for (const yes of ["はい", "Yes", "１", "○", "あり"]) expect(readYesNo(yes)).toEqual({ ok: true, value: "yes" });
    for (const no of ["いいえ", "no", "2", "×", "なし"]) expect(readYesNo(no)).toEqual({ ok: true, value: "no" });
    expect(readYesNo("たぶん").ok).toBe(false);
  });

  it("reads several options at once, in any separator, and 「なし」 for none", () => {
    expect(readList(options, "1,3")).toEqual({ ok: true, value: ["join", "decline"] });
    expect(readList(options, "１、３")).toEqual({ ok: true, value: ["join", "decline"] });
    expect(readList(options, "検討中・参加しない")).toEqual({ ok: true, value: ["undecided", "decline"] });
    expect(readList(options, "なし")).toEqual({ ok: true, value: [] });
    expect(readList(options, "1,9")).toMatchObject({ ok: false, key: "surveys.answer.noSuchNumber" });
  });

  it("reads numbers with units, full-width digits and thousands separators, within limits", () => {
    expect(readNumber(number, "12")).toEqual({ ok: true, value: 12 });
    expect(readNumber(number, "１２ライセンス")).toEqual({ ok: true, value: 12 });
    expect(readNumber(number, "12 licences")).toEqual({ ok: true, value: 12 });
    expect(readNumber({ ...number, max: 5000 }, "1,200")).toEqual({ ok: true, value: 1200 });
    expect(readNumber(number, "2.5")).toMatchObject({ ok: false, key: "surveys.answer.notInteger" });
    expect(readNumber(number, "0")).toMatchObject({ ok: false, key: "surveys.answer.belowMin", vars: { min: 1 } });
    expect(readNumber(number, "300")).toMatchObject({ ok: false, key: "surveys.answer.aboveMax", vars: { max: 200 } });
    expect(readNumber(number, "たくさん")).toMatchObject({ ok: false, key: "surveys.answer.notANumber" });
  });

  it("reads dates in a Japanese era or the Gregorian calendar", () => {
    expect(readDate("令和9年4月1日")).toEqual({ ok: true, value: "2027-04-01" });
    expect(readDate("R9.4.1")).toEqual({ ok: true, value: "2027-04-01" });
    expect(readDate("２０２７年４月１日")).toEqual({ ok: true, value: "2027-04-01" });
    expect(readDate("令和9年2月30日").ok).toBe(false);
  });

  it("limits free text to its length, counting characters not bytes", () => {
    const q: QuestionOf<"text"> = { id: "t", kind: "text", text: "t", required: false, maxLength: 5 };
    expect(readText(q, "  議事録です ")).toEqual({ ok: true, value: "議事録です" });
    expect(readText(q, "議事録の件です")).toMatchObject({ ok: false, key: "surveys.answer.tooLong", vars: { max: 5, length: 7 } });
  });

  it("recognises the words that steer the conversation", () => {
    expect(navWord("戻る")).toBe("back");
    expect(navWord("ＢＡＣＫ")).toBe("back");
    expect(navWord("そのまま")).toBe("keep");
    expect(navWord("スキップ")).toBe("skip");
    expect(navWord("決定")).toBe("done");
    expect(navWord("確定")).toBe("confirm");
    expect(navWord("参加する")).toBeUndefined();
  });
});

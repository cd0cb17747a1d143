import { describe, expect, it } from "vitest";
import { readQuestionLine } from "./surveys-new-form.ts";

describe("survey questions typed one a line", () => {
  it("reads the kind in brackets, full-width too", () => {
    expect(readQuestionLine("参加しますか ［はい／いいえ］", 0)).toMatchObject({ id: "q1", kind: "yesno", text: "参加しますか" });
    expect(readQuestionLine("人数 [数値]", 1)).toMatchObject({ id: "q2", kind: "number" });
    expect(readQuestionLine("開始日 [date]", 2)).toMatchObject({ kind: "date" });
    expect(readQuestionLine("ご意見", 3)).toMatchObject({ kind: "text", text: "ご意見" });
    expect(readQuestionLine("時期 [令和9年度/令和10年度/未定]", 4)).toMatchObject({
      kind: "single",
      options: [{ label: "令和9年度" }, { label: "令和10年度" }, { label: "未定" }],
    });
    expect(readQuestionLine("用途 [複数: 会議/研修]", 5)).toMatchObject({ kind: "multi", options: [{ value: "会議" }, { value: "研修" }] });
  });

  it("names what is wrong with a line", () => {
    expect(readQuestionLine("時期 [未定]", 0)).toEqual({ problem: "forms.survey.badOptions" });
    expect(readQuestionLine("[はい/いいえ]", 0)).toEqual({ problem: "forms.survey.badQuestionText" });
  });
});

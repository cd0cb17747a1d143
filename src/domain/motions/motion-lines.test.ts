import { describe, expect, it } from "vitest";
import { parseMotionLines } from "./motion-lines.ts";

describe("motions typed as lines", () => {
  it("reads numbers in the usual Japanese ways and keeps a title that starts with a year whole", () => {
    expect(parseMotionLines("1 予算の承認\n議案２ 会則の改正について\n第3号 規程（案）の制定\n\n2027年度事業計画\n4. 役員の選任")).toEqual([
      { number: 1, title: "予算の承認" },
      { number: 2, title: "会則の改正について" },
      { number: 3, title: "規程（案）の制定" },
      { title: "2027年度事業計画" },
      { number: 4, title: "役員の選任" },
    ]);
  });

  it("leaves a number without a title as an empty title, for the check to name", () => {
    expect(parseMotionLines("1 予算\n2 ")).toEqual([{ number: 1, title: "予算" }, { title: "2" }]);
    expect(parseMotionLines("議案3")).toEqual([{ number: 3, title: "" }]);
  });
});

import { describe, expect, it } from "vitest";
import { impliedFiscalYear, parseInterestLevel, parseLevelList } from "./interest-levels.ts";

describe("interest levels", () => {
  it("reads the official labels and the words staff actually write", () => {
    expect(parseInterestLevel("次年度導入予定")).toBe("next_year");
    expect(parseInterestLevel("来年度")).toBe("next_year");
    expect(parseInterestLevel("翌々年度導入予定")).toBe("year_after");
    expect(parseInterestLevel("再来年度")).toBe("year_after");
    expect(parseInterestLevel("関心あり")).toBe("interested");
    expect(parseInterestLevel("興味あり")).toBe("interested");
    expect(parseInterestLevel("情報収集")).toBe("studying");
    expect(parseInterestLevel("勉強したい")).toBe("studying");
    expect(parseInterestLevel("予定なし")).toBe("none");
    expect(parseInterestLevel("なし")).toBe("none");
    expect(parseInterestLevel("Next Year")).toBe("next_year");
    expect(parseInterestLevel("ｉｎｔｅｒｅｓｔｅｄ")).toBe("interested");
    expect(parseInterestLevel("たぶん")).toBeUndefined();
  });

  it("a plan implies its fiscal year; interest does not", () => {
    // Recorded in FY2026 (令和8年度): next year is 令和9年度, the year after 令和10年度.
    expect(impliedFiscalYear("next_year", 2026)).toBe(2027);
    expect(impliedFiscalYear("year_after", 2026)).toBe(2028);
    expect(impliedFiscalYear("interested", 2026)).toBeUndefined();
  });

  it("reads a list of levels in the board's order, refusing unknown words", () => {
    expect(parseLevelList("翌々年度導入予定、次年度導入予定")).toEqual(["next_year", "year_after"]);
    expect(parseLevelList("next_year interested")).toEqual(["next_year", "interested"]);
    expect(parseLevelList("次年度,たぶん")).toBeUndefined();
  });
});

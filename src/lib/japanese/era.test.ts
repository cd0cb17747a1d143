import { describe, expect, it } from "vitest";
import { eraOf, fiscalYearOf, formatFiscalYear, formatJapaneseDate, localDateOf, parseFiscalYear, parseJapaneseDate } from "./era.ts";

describe("Japanese era dates", () => {
  it.each([
    ["令和7年6月26日", { year: 2025, month: 6, day: 26 }],
    ["R7.6.26", { year: 2025, month: 6, day: 26 }],
    ["r7/6/26", { year: 2025, month: 6, day: 26 }],
    ["令和元年5月1日", { year: 2019, month: 5, day: 1 }],
    ["平成31年4月30日", { year: 2019, month: 4, day: 30 }],
    ["H29.11.1", { year: 2017, month: 11, day: 1 }],
    ["昭和64年1月7日", { year: 1989, month: 1, day: 7 }],
    ["令和７年６月２６日", { year: 2025, month: 6, day: 26 }],
    ["2025-06-26", { year: 2025, month: 6, day: 26 }],
    ["2025年6月26日", { year: 2025, month: 6, day: 26 }],
  ])("parses %s", (text, expected) => {
    expect(parseJapaneseDate(text)).toEqual(expected);
  });

  it.each(["平成31年5月1日", "令和1年4月30日", "昭和64年1月8日", "令和7年2月30日", "R7.13.1", "明日", ""])("rejects %s", (text) => {
    expect(parseJapaneseDate(text)).toBeUndefined();
  });

  it("formats with 元年 for the first year", () => {
    expect(formatJapaneseDate({ year: 2025, month: 6, day: 26 })).toBe("令和7年6月26日");
    expect(formatJapaneseDate({ year: 2019, month: 5, day: 1 })).toBe("令和元年5月1日");
    expect(formatJapaneseDate({ year: 2019, month: 4, day: 30 })).toBe("平成31年4月30日");
    expect(eraOf({ year: 1989, month: 1, day: 8 })).toMatchObject({ eraYear: 1, era: { name: "平成" } });
  });

  it("round-trips every day of two eras' boundary years", () => {
    for (let t = Date.UTC(2018, 11, 1); t < Date.UTC(2020, 1, 1); t += 86_400_000) {
      const d = new Date(t);
      const date = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
      expect(parseJapaneseDate(formatJapaneseDate(date))).toEqual(date);
    }
  });
});

describe("fiscal years (April to March)", () => {
  it("assigns dates to fiscal years", () => {
    expect(fiscalYearOf({ year: 2026, month: 3, day: 31 })).toBe(2025);
    expect(fiscalYearOf({ year: 2026, month: 4, day: 1 })).toBe(2026);
  });
  it.each([
    ["平成29年度", 2017],
    ["H29年度", 2017],
    ["令和元年度", 2019],
    ["平成31年度", 2019],
    ["R7年度", 2025],
    ["2025年度", 2025],
    ["FY2025", 2025],
    ["２０２５", 2025],
  ])("parses %s", (text, fy) => {
    expect(parseFiscalYear(text)).toBe(fy);
  });
  it("formats fiscal years in the era of their start", () => {
    expect(formatFiscalYear(2017)).toBe("平成29年度");
    expect(formatFiscalYear(2019)).toBe("令和元年度");
    expect(formatFiscalYear(2025)).toBe("令和7年度");
  });
  it("takes the date in Japan time", () => {
    // 2026-03-31 20:00 UTC is already 1 April in Tokyo: a new fiscal year there.
    expect(localDateOf(new Date("2026-03-31T20:00:00Z"))).toEqual({ year: 2026, month: 4, day: 1 });
    expect(fiscalYearOf(localDateOf(new Date("2026-03-31T20:00:00Z")))).toBe(2026);
  });
});

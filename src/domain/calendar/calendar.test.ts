import { describe, expect, it } from "vitest";
import { businessDaysBefore, holidayName, isBusinessDay, isYearEndClosure } from "./public-office-calendar.ts";
import { DEFAULT_OFFICE_HOURS, nextAllowedInstant, withinOfficeHours } from "./quiet-hours.ts";
import { planReminders } from "./reminder-plan.ts";
import { formatInstant, parseLocalTime } from "./zoned-time.ts";

const jst = (iso: string) => new Date(`${iso}+09:00`);
const d = (year: number, month: number, day: number) => ({ year, month, day });

describe("public-office calendar", () => {
  it("knows national holidays from the data package, substitute holidays included", () => {
    expect(holidayName(d(2026, 11, 23))).toBe("勤労感謝の日");
    expect(holidayName(d(2026, 11, 23), "en")).toBe("Labor Thanksgiving Day");
    expect(isBusinessDay(d(2026, 11, 23))).toBe(false);
    expect(holidayName(d(2026, 5, 6))).toBeDefined(); // 振替休日 for Constitution Day on a Sunday
    expect(isBusinessDay(d(2026, 11, 24))).toBe(true);
  });
  it("closes 29 December to 3 January and on weekends", () => {
    expect(isYearEndClosure(d(2026, 12, 29))).toBe(true);
    expect(isYearEndClosure(d(2027, 1, 3))).toBe(true);
    expect(isYearEndClosure(d(2027, 1, 4))).toBe(false);
    expect(isBusinessDay(d(2026, 12, 28))).toBe(true);
    expect(isBusinessDay(d(2026, 11, 21))).toBe(false); // Saturday
  });
  it("counts business days back over weekends, holidays and the year end", () => {
    expect(businessDaysBefore(d(2026, 11, 27), 3)).toEqual(d(2026, 11, 24));
    expect(businessDaysBefore(d(2026, 11, 27), 4)).toEqual(d(2026, 11, 20));
    expect(businessDaysBefore(d(2027, 1, 6), 3)).toEqual(d(2026, 12, 28));
    expect(businessDaysBefore(d(2026, 12, 30), 0)).toEqual(d(2026, 12, 28));
  });
});

describe("reminder plan", () => {
  it("reminds 7, 3, 1 business days before and on the day at 09:00 JST", () => {
    const plan = planReminders(jst("2026-11-27T17:00:00"), jst("2026-11-01T00:00:00"), "Asia/Tokyo");
    expect(plan.map((p) => [p.offset, p.at.toISOString()])).toEqual([
      [7, jst("2026-11-17T09:00:00").toISOString()],
      [3, jst("2026-11-24T09:00:00").toISOString()],
      [1, jst("2026-11-26T09:00:00").toISOString()],
      [0, jst("2026-11-27T09:00:00").toISOString()],
    ]);
  });
  it("moves reminders off the year-end closure", () => {
    const plan = planReminders(jst("2027-01-06T17:00:00"), jst("2026-12-01T00:00:00"), "Asia/Tokyo");
    expect(plan.map((p) => p.at.toISOString())).toEqual(
      ["2026-12-22T09:00:00", "2026-12-28T09:00:00", "2027-01-05T09:00:00", "2027-01-06T09:00:00"].map((s) => jst(s).toISOString()),
    );
  });
  it("merges reminders that land on the same day and drops past ones", () => {
    // Deadline on a Sunday: day-of moves to Friday, one business day before is Thursday.
    const plan = planReminders(jst("2026-11-29T12:00:00"), jst("2026-11-26T10:00:00"), "Asia/Tokyo");
    expect(plan.map((p) => [p.offset, p.at.toISOString()])).toEqual([[0, jst("2026-11-27T09:00:00").toISOString()]]);
  });
  it("takes custom offsets and leaves out a same-day reminder after an early deadline", () => {
    const plan = planReminders(jst("2026-11-27T08:00:00"), jst("2026-11-01T00:00:00"), "Asia/Tokyo", [2, 0]);
    expect(plan.map((p) => p.offset)).toEqual([2]);
  });
});

describe("office hours", () => {
  it("allows 08:30–18:00 on business days only", () => {
    expect(withinOfficeHours(jst("2026-11-24T08:30:00"), DEFAULT_OFFICE_HOURS)).toBe(true);
    expect(withinOfficeHours(jst("2026-11-24T18:00:00"), DEFAULT_OFFICE_HOURS)).toBe(false);
    expect(withinOfficeHours(jst("2026-11-23T10:00:00"), DEFAULT_OFFICE_HOURS)).toBe(false);
  });
  it("waits for the next window, over a weekend and a holiday", () => {
    expect(nextAllowedInstant(jst("2026-11-21T10:00:00"), DEFAULT_OFFICE_HOURS)).toEqual(jst("2026-11-24T08:30:00"));
    expect(nextAllowedInstant(jst("2026-11-24T07:00:00"), DEFAULT_OFFICE_HOURS)).toEqual(jst("2026-11-24T08:30:00"));
    expect(nextAllowedInstant(jst("2026-12-28T19:00:00"), DEFAULT_OFFICE_HOURS)).toEqual(jst("2027-01-04T08:30:00"));
    const inside = jst("2026-11-24T10:15:00");
    expect(nextAllowedInstant(inside, DEFAULT_OFFICE_HOURS)).toBe(inside);
  });
  it("reads and formats local times", () => {
    expect(parseLocalTime("９：３０")).toEqual({ hour: 9, minute: 30 });
    expect(parseLocalTime("17時")).toEqual({ hour: 17, minute: 0 });
    expect(parseLocalTime("25:00")).toBeUndefined();
    expect(formatInstant(jst("2026-11-24T09:00:00"), "Asia/Tokyo", "ja")).toBe("2026年11月24日(火) 09:00");
  });
});

describe("date-time input", async () => {
  const { parseDateTime } = await import("./parse-date-time.ts");
  it.each([
    ["2026-11-25 09:00", "2026-11-25T09:00:00"],
    ["2026-11-25T09:30", "2026-11-25T09:30:00"],
    ["令和8年11月25日 9時", "2026-11-25T09:00:00"],
    ["令和8年11月25日9時30分", "2026-11-25T09:30:00"],
    ["R8.11.25 １７：００", "2026-11-25T17:00:00"],
    ["2026/11/25", "2026-11-25T17:00:00"],
  ])("reads %s", (text, iso) => {
    expect(parseDateTime(text, "Asia/Tokyo")).toEqual(jst(iso));
  });
  it.each(["明日", "2026-11-25 25:00", "2026-13-01 09:00"])("rejects %s", (text) => {
    expect(parseDateTime(text, "Asia/Tokyo")).toBeUndefined();
  });
});

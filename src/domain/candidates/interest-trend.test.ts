import { describe, expect, it } from "vitest";
import { levelsAt, monthlyTrend, type HistoryPoint } from "./interest-trend.ts";

const at = (iso: string) => new Date(iso);
const history: HistoryPoint[] = [
  { bodyId: "chiba", level: "studying", recordedAt: at("2026-09-10T01:00:00Z") },
  { bodyId: "choshi", level: "interested", recordedAt: at("2026-09-20T01:00:00Z") },
  { bodyId: "chiba", level: "interested", recordedAt: at("2026-10-05T01:00:00Z") },
  { bodyId: "chiba", level: "next_year", recordedAt: at("2026-11-02T01:00:00Z") },
  { bodyId: "abiko", level: "year_after", recordedAt: at("2026-11-20T01:00:00Z") },
  // 1 December 00:30 in Tokyo is still 30 November in UTC: it belongs to December.
  { bodyId: "choshi", level: "none", recordedAt: at("2026-11-30T15:30:00Z") },
];

describe("interest over time", () => {
  it("a body's level at an instant is the last one it recorded by then", () => {
    expect(Object.fromEntries(levelsAt(history, at("2026-10-31T00:00:00Z")))).toEqual({ chiba: "interested", choshi: "interested" });
    expect(Object.fromEntries(levelsAt(history, at("2026-12-01T00:00:00Z")))).toEqual({
      chiba: "next_year",
      choshi: "none",
      abiko: "year_after",
    });
  });

  it("month ends in the council's time zone, the current month up to now", () => {
    const trend = monthlyTrend(history, at("2026-09-01T00:00:00Z"), at("2026-12-03T01:00:00Z"), "Asia/Tokyo");
    expect(trend.map((p) => p.label)).toEqual(["2026-09", "2026-10", "2026-11", "2026-12"]);
    expect(
      trend.map((p) => [p.counts.next_year, p.counts.year_after, p.counts.interested, p.counts.studying, p.counts.none, p.answered]),
    ).toEqual([
      [0, 0, 1, 1, 0, 2],
      [0, 0, 2, 0, 0, 2],
      [1, 1, 1, 0, 0, 3],
      [1, 1, 0, 0, 1, 3],
    ]);
    expect(trend.at(-1)!.at).toEqual(at("2026-12-03T01:00:00Z"));
  });

  it("keeps the last twelve months", () => {
    const trend = monthlyTrend(history, at("2024-01-15T00:00:00Z"), at("2026-12-03T01:00:00Z"), "Asia/Tokyo");
    expect(trend).toHaveLength(12);
    expect(trend[0]!.label).toBe("2026-01");
  });
});

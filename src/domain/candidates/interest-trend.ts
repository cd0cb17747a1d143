// Interest over time, rebuilt from the append-only history: at any instant a body's level is the last
// one it recorded at or before that instant. The board shows it at month ends (the council's time zone)
// from the candidate's first month to now, because councils follow candidates across the year — a
// spring survey, an August participation survey — and a month is the finest step anyone reports. Pure.
import { DateTime } from "luxon";
import { INTEREST_LEVELS, type InterestLevel } from "./interest-levels.ts";

export interface HistoryPoint {
  bodyId: string;
  level: InterestLevel;
  recordedAt: Date;
}

export type LevelCounts = Record<InterestLevel, number>;

export interface TrendPoint {
  /** "2026-11": the month; the last point is "now" when the month has not ended */
  label: string;
  at: Date;
  counts: LevelCounts;
  /** bodies with any level recorded by then */
  answered: number;
}

export function emptyCounts(): LevelCounts {
  return Object.fromEntries(INTEREST_LEVELS.map((l) => [l, 0])) as LevelCounts;
}

/** Each body's level as of an instant (the latest row recorded at or before it). */
export function levelsAt(history: readonly HistoryPoint[], at: Date): Map<string, InterestLevel> {
  const latest = new Map<string, HistoryPoint>();
  for (const point of history) {
    if (point.recordedAt > at) continue;
    const seen = latest.get(point.bodyId);
    if (!seen || point.recordedAt >= seen.recordedAt) latest.set(point.bodyId, point);
  }
  return new Map([...latest].map(([body, p]) => [body, p.level]));
}

export function countLevels(levels: Iterable<InterestLevel>): LevelCounts {
  const counts = emptyCounts();
  for (const level of levels) counts[level] += 1;
  return counts;
}

/**
 * Month-end points from the month of `from` to the month of `now` (the current month ends "now"),
 * keeping the last `maxPoints` months so the table stays readable.
 */
export function monthlyTrend(history: readonly HistoryPoint[], from: Date, now: Date, zone: string, maxPoints = 12): TrendPoint[] {
  const points: TrendPoint[] = [];
  let month = DateTime.fromJSDate(from, { zone }).startOf("month");
  const last = DateTime.fromJSDate(now, { zone }).startOf("month");
  while (month <= last) {
    const end = month.endOf("month").toJSDate();
    const at = end > now ? now : end;
    const levels = levelsAt(history, at);
    points.push({ label: month.toFormat("yyyy-MM"), at, counts: countLevels(levels.values()), answered: levels.size });
    month = month.plus({ months: 1 });
  }
  return points.slice(-maxPoints);
}

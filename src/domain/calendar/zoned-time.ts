// Converting between instants and local wall-clock times in the council's time zone (Asia/Tokyo by
// default; luxon handles zones with daylight saving too, should a council ever use one).
import { DateTime } from "luxon";
import type { LocalDate } from "../../lib/japanese/era.ts";

export interface LocalTime {
  hour: number;
  minute: number;
}

export function parseLocalTime(text: string): LocalTime | undefined {
  const match = text
    .normalize("NFKC")
    .trim()
    .match(/^(\d{1,2})[:：時](\d{2})?分?$/);
  if (!match) return undefined;
  const time = { hour: Number(match[1]), minute: Number(match[2] ?? 0) };
  return time.hour < 24 && time.minute < 60 ? time : undefined;
}

export function instantAt(date: LocalDate, time: LocalTime, zone: string): Date {
  return DateTime.fromObject({ ...date, ...time }, { zone }).toJSDate();
}

export function localParts(instant: Date, zone: string): { date: LocalDate; time: LocalTime } {
  const d = DateTime.fromJSDate(instant, { zone });
  return { date: { year: d.year, month: d.month, day: d.day }, time: { hour: d.hour, minute: d.minute } };
}

export function minutesOfDay(time: LocalTime): number {
  return time.hour * 60 + time.minute;
}

/** 2026年11月24日(火) 09:00 / 2026-11-24 (Tue) 09:00 */
export function formatInstant(instant: Date, zone: string, locale: "ja" | "en"): string {
  const d = DateTime.fromJSDate(instant, { zone }).setLocale(locale === "ja" ? "ja-JP" : "en-GB");
  return locale === "ja" ? d.toFormat("yyyy年M月d日(ccc) HH:mm") : d.toFormat("yyyy-MM-dd (ccc) HH:mm");
}

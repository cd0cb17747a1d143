// The Japanese public-office calendar: offices close on Saturdays, Sundays, national holidays (from the
// maintained @holiday-jp/holiday_jp data, including substitute holidays) and 29 December – 3 January.
// Reminders and pushes are planned on this calendar so nobody is chased on a closed day.
import holidayJp from "@holiday-jp/holiday_jp";
import { DateTime } from "luxon";
import type { LocalDate } from "../../lib/japanese/era.ts";
import { toIsoDate } from "../../lib/japanese/era.ts";

const HOLIDAYS = holidayJp.holidays as Record<string, { name: string; name_en: string }>;

export function holidayName(date: LocalDate, locale: "ja" | "en" = "ja"): string | undefined {
  const holiday = HOLIDAYS[toIsoDate(date)];
  return holiday ? (locale === "ja" ? holiday.name : holiday.name_en) : undefined;
}

/** 29 December to 3 January: the year-end and new-year closure of public offices. */
export function isYearEndClosure(date: LocalDate): boolean {
  return (date.month === 12 && date.day >= 29) || (date.month === 1 && date.day <= 3);
}

function weekday(date: LocalDate): number {
  return DateTime.fromObject(date, { zone: "UTC" }).weekday; // 1 = Monday … 7 = Sunday
}

export function isBusinessDay(date: LocalDate): boolean {
  return weekday(date) <= 5 && !HOLIDAYS[toIsoDate(date)] && !isYearEndClosure(date);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const d = DateTime.fromObject(date, { zone: "UTC" }).plus({ days });
  return { year: d.year, month: d.month, day: d.day };
}

/** The date itself when it is a business day, else the last business day before it. */
export function onOrBeforeBusinessDay(date: LocalDate): LocalDate {
  let d = date;
  while (!isBusinessDay(d)) d = addDays(d, -1);
  return d;
}

/** Counts back `n` business days from a date (n = 0 gives the date itself, moved back if closed). */
export function businessDaysBefore(date: LocalDate, n: number): LocalDate {
  let d = onOrBeforeBusinessDay(date);
  for (let i = 0; i < n; i++) d = onOrBeforeBusinessDay(addDays(d, -1));
  return d;
}

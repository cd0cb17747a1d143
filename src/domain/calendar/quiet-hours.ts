// Pushes (broadcasts, reminders) go out only within office hours on business days (default 08:30–18:00,
// configurable per council). A push planned outside them waits for the next allowed moment.
import type { LocalDate } from "../../lib/japanese/era.ts";
import { addDays, isBusinessDay } from "./public-office-calendar.ts";
import { instantAt, localParts, minutesOfDay, type LocalTime } from "./zoned-time.ts";

export interface OfficeHours {
  start: LocalTime;
  end: LocalTime;
  zone: string;
}

export const DEFAULT_OFFICE_HOURS: OfficeHours = { start: { hour: 8, minute: 30 }, end: { hour: 18, minute: 0 }, zone: "Asia/Tokyo" };

export function withinOfficeHours(instant: Date, hours: OfficeHours): boolean {
  const { date, time } = localParts(instant, hours.zone);
  const m = minutesOfDay(time);
  return isBusinessDay(date) && m >= minutesOfDay(hours.start) && m < minutesOfDay(hours.end);
}

/** The instant itself when allowed, else the start of the next office-hours window. */
export function nextAllowedInstant(instant: Date, hours: OfficeHours): Date {
  if (withinOfficeHours(instant, hours)) return instant;
  const { date, time } = localParts(instant, hours.zone);
  let day: LocalDate = minutesOfDay(time) < minutesOfDay(hours.start) ? date : addDays(date, 1);
  while (!isBusinessDay(day)) day = addDays(day, 1);
  return instantAt(day, hours.start, hours.zone);
}

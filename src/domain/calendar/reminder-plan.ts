// When to remind about a deadline: by default 7, 3 and 1 business days before it and on the day, at
// 09:00 local time. A reminder that would fall on a closed day moves to the previous business day;
// reminders already in the past when the deadline is set are left out, and two that land on the same
// moment are merged.
import { businessDaysBefore } from "./public-office-calendar.ts";
import { instantAt, localParts, type LocalTime } from "./zoned-time.ts";

export const DEFAULT_REMINDER_OFFSETS = [7, 3, 1, 0] as const;
export const DEFAULT_REMINDER_TIME: LocalTime = { hour: 9, minute: 0 };

export interface PlannedReminder {
  /** business days before the deadline */
  offset: number;
  at: Date;
}

export function planReminders(
  deadline: Date,
  now: Date,
  zone: string,
  offsets: readonly number[] = DEFAULT_REMINDER_OFFSETS,
  time: LocalTime = DEFAULT_REMINDER_TIME,
): PlannedReminder[] {
  const deadlineDate = localParts(deadline, zone).date;
  const planned = new Map<number, PlannedReminder>();
  for (const offset of [...offsets].sort((a, b) => b - a)) {
    const at = instantAt(businessDaysBefore(deadlineDate, offset), time, zone);
    // A same-day reminder after the deadline itself (deadline at 08:00) would come too late.
    if (at <= now || at >= deadline) continue;
    if (!planned.has(at.getTime())) planned.set(at.getTime(), { offset, at });
  }
  return [...planned.values()].sort((a, b) => a.at.getTime() - b.at.getTime());
}

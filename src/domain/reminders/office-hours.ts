import type { OfficeHours } from "../calendar/quiet-hours.ts";
import { parseLocalTime } from "../calendar/zoned-time.ts";

/** The council's office hours for pushes, or undefined when its settings are unreadable. */
export function officeHoursOf(council: { officeHoursStart: string; officeHoursEnd: string; timezone: string }): OfficeHours | undefined {
  const start = parseLocalTime(council.officeHoursStart);
  const end = parseLocalTime(council.officeHoursEnd);
  return start && end ? { start, end, zone: council.timezone } : undefined;
}

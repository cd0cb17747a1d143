// When the council's pushes may go out. Every notice, reminder and broadcast asks here, so they all
// follow the same office hours (and the same fallback) instead of each working it out again.
import { DEFAULT_OFFICE_HOURS, nextAllowedInstant, type OfficeHours } from "../calendar/quiet-hours.ts";
import { parseLocalTime } from "../calendar/zoned-time.ts";

type CouncilHours = { officeHoursStart: string; officeHoursEnd: string; timezone: string };

/** The council's office hours for pushes, or undefined when its settings are unreadable. */
export function officeHoursOf(council: CouncilHours): OfficeHours | undefined {
  const start = parseLocalTime(council.officeHoursStart);
  const end = parseLocalTime(council.officeHoursEnd);
  return start && end ? { start, end, zone: council.timezone } : undefined;
}

/** `at` itself when it falls within the council's office hours, else the next moment that does.
 *  Unreadable settings fall back to the default hours (08:30–18:00) in the council's time zone. */
export function nextOfficeMoment(council: CouncilHours, at: Date): Date {
  return nextAllowedInstant(at, officeHoursOf(council) ?? { ...DEFAULT_OFFICE_HOURS, zone: council.timezone });
}

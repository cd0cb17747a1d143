// A moment as the secretariat reads it in tables and exports: local time in the council's zone, to the minute
// (2026-12-03 09:30), or the local date. One place, so the CLI, the exports and audit verify print times alike.
import { DateTime } from "luxon";

export function localMinute(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toFormat("yyyy-MM-dd HH:mm");
}

export function localDate(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toFormat("yyyy-MM-dd");
}

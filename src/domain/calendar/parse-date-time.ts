// Reads a date and time as the secretariat types them: 2026-11-25 09:00, 令和8年11月25日 9時, R8.11.25 9:30,
// or a date alone (meaning the given default time), all in the council's time zone.
import { parseJapaneseDate } from "../../lib/japanese/era.ts";
import { instantAt, parseLocalTime, type LocalTime } from "./zoned-time.ts";

export function parseDateTime(text: string, zone: string, defaultTime: LocalTime = { hour: 17, minute: 0 }): Date | undefined {
  const normalized = text.normalize("NFKC").trim().replace(/T/, " ");
  const match = normalized.match(/^(\S+?)(?:\s+|(?<=日))(\d{1,2}(?:[:：]\d{2}|時(?:\d{2}分?)?))$/);
  const datePart = match ? match[1]! : normalized;
  const timePart = match ? match[2]!.replace(/時(\d{2})分?$/, ":$1") : undefined;
  const date = parseJapaneseDate(datePart);
  if (!date) return undefined;
  const time = timePart ? parseLocalTime(timePart) : defaultTime;
  if (!time) return undefined;
  return instantAt(date, time, zone);
}

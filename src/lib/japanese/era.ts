// Japanese era dates (和暦). Documents write 令和7年6月26日, R7.6.26 or 平成29年度; the product stores
// ISO dates and fiscal years. Era start dates are fixed history, so a small table is the right tool.

export interface Era {
  name: string;
  letter: string;
  nameEn: string;
  /** first day of the era (Gregorian, local date) */
  start: { year: number; month: number; day: number };
}

export const ERAS: readonly Era[] = [
  { name: "令和", letter: "R", nameEn: "Reiwa", start: { year: 2019, month: 5, day: 1 } },
  { name: "平成", letter: "H", nameEn: "Heisei", start: { year: 1989, month: 1, day: 8 } },
  { name: "昭和", letter: "S", nameEn: "Showa", start: { year: 1926, month: 12, day: 25 } },
  { name: "大正", letter: "T", nameEn: "Taisho", start: { year: 1912, month: 7, day: 30 } },
  { name: "明治", letter: "M", nameEn: "Meiji", start: { year: 1868, month: 1, day: 25 } },
];

export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

const ordinal = (d: LocalDate) => d.year * 10000 + d.month * 100 + d.day;

function findEra(token: string): Era | undefined {
  const upper = token.toUpperCase();
  return ERAS.find((era) => era.name === token || era.letter === upper || era.nameEn.toUpperCase() === upper);
}

function yearOf(era: Era, eraYear: number): number {
  return era.start.year + eraYear - 1;
}

function isValidDate(d: LocalDate): boolean {
  if (d.month < 1 || d.month > 12 || d.day < 1) return false;
  const daysInMonth = new Date(Date.UTC(d.year, d.month, 0)).getUTCDate();
  return d.day <= daysInMonth;
}

/**
 * Parses a date written in a Japanese era (令和7年6月26日, R7.6.26, 令和元年5月1日, H31/4/30) or in the
 * Gregorian calendar (2025-06-26, 2025年6月26日, 2025/6/26). Returns undefined when the text is not a
 * real date, including an era year outside its era (平成32年 does not exist).
 */
export function parseJapaneseDate(input: string): LocalDate | undefined {
  const text = input.normalize("NFKC").replace(/\s+/g, "").replace(/元年/g, "1年");
  const era = text.match(/^(令和|平成|昭和|大正|明治|[RHSTMrhstm])(\d{1,2})(?:年|[./-])(\d{1,2})(?:月|[./-])(\d{1,2})日?$/);
  if (era) {
    const found = findEra(era[1]!);
    if (!found) return undefined;
    const date = { year: yearOf(found, Number(era[2])), month: Number(era[3]), day: Number(era[4]) };
    if (!isValidDate(date) || ordinal(date) < ordinal(found.start)) return undefined;
    const next = ERAS[ERAS.indexOf(found) - 1];
    if (next && ordinal(date) >= ordinal(next.start)) return undefined;
    return date;
  }
  const western = text.match(/^(\d{4})(?:年|[./-])(\d{1,2})(?:月|[./-])(\d{1,2})日?$/);
  if (western) {
    const date = { year: Number(western[1]), month: Number(western[2]), day: Number(western[3]) };
    return isValidDate(date) ? date : undefined;
  }
  return undefined;
}

/** The era a Gregorian date falls in, or undefined before Meiji. */
export function eraOf(date: LocalDate): { era: Era; eraYear: number } | undefined {
  const era = ERAS.find((e) => ordinal(date) >= ordinal(e.start));
  return era ? { era, eraYear: date.year - era.start.year + 1 } : undefined;
}

/** 令和7年6月26日 (first year written 元年, as official documents do). */
export function formatJapaneseDate(date: LocalDate): string {
  const found = eraOf(date);
  if (!found) return `${date.year}年${date.month}月${date.day}日`;
  const year = found.eraYear === 1 ? "元" : String(found.eraYear);
  return `${found.era.name}${year}年${date.month}月${date.day}日`;
}

/** The fiscal year (年度, April to March) a date belongs to: 2026-03-31 is FY2025. */
export function fiscalYearOf(date: LocalDate): number {
  return date.month >= 4 ? date.year : date.year - 1;
}

/**
 * Parses a fiscal year written 平成29年度, R7年度, 2025年度, FY2025 or 2025. The era of a fiscal year is the
 * era on its first day (1 April), so 平成31年度 is FY2019 and 令和元年度 is also FY2019.
 */
export function parseFiscalYear(input: string): number | undefined {
  const text = input.normalize("NFKC").replace(/\s+/g, "").replace(/元年/g, "1年");
  const era = text.match(/^(令和|平成|昭和|大正|明治|[RHSTMrhstm])(\d{1,2})年?度?$/);
  if (era) {
    const found = findEra(era[1]!);
    if (!found || Number(era[2]) < 1) return undefined;
    return yearOf(found, Number(era[2]));
  }
  const western = text.match(/^(?:FY)?(\d{4})(?:年度)?$/i);
  return western ? Number(western[1]) : undefined;
}

/** 平成29年度 for FY2017; uses the era in force on 1 April of that year (令和元年度 for FY2019). */
export function formatFiscalYear(fiscalYear: number): string {
  const onApril = eraOf({ year: fiscalYear, month: 4, day: 1 });
  // FY2019 began in Heisei but is officially written 令和元年度 once the era changed in May.
  const era = fiscalYear === 2019 ? { era: ERAS[0]!, eraYear: 1 } : onApril;
  if (!era) return `${fiscalYear}年度`;
  return `${era.era.name}${era.eraYear === 1 ? "元" : era.eraYear}年度`;
}

/** The calendar date of an instant in a time zone (Asia/Tokyo by default). */
export function localDateOf(instant: Date, timeZone = "Asia/Tokyo"): LocalDate {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" })
    .formatToParts(instant)
    .reduce<Record<string, string>>((acc, p) => ((acc[p.type] = p.value), acc), {});
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day) };
}

export function toIsoDate(d: LocalDate): string {
  return `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;
}

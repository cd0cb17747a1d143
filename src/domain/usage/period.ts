// Usage is reported per month or per fiscal year. People write months as 2017-04, 2017/4, 平成29年4月 or
// H29.4, and fiscal years as 平成29年度, FY2017 or 2017年度. A month belongs to the fiscal year that
// contains it (January 2018 is in FY2017).
import { parseFiscalYear } from "../../lib/japanese/era.ts";
import { ERAS } from "../../lib/japanese/era.ts";

export interface Period {
  fiscalYear: number;
  /** 1–12, or 0 for the whole fiscal year */
  month: number;
}

export function calendarYearOf(period: Period): number {
  return period.month >= 4 || period.month === 0 ? period.fiscalYear : period.fiscalYear + 1;
}

export function parsePeriod(input: string): Period | undefined {
  const text = input.normalize("NFKC").replace(/\s+/g, "").replace(/元年/g, "1年");
  const western = text.match(/^(\d{4})(?:[-/.年])(\d{1,2})月?$/);
  if (western) return monthPeriod(Number(western[1]), Number(western[2]));
  const era = text.match(/^(令和|平成|昭和|[RHSrhs])(\d{1,2})(?:[年./-])(\d{1,2})月?$/);
  if (era) {
    const found = ERAS.find((e) => e.name === era[1] || e.letter === era[1]!.toUpperCase());
    if (!found) return undefined;
    return monthPeriod(found.start.year + Number(era[2]) - 1, Number(era[3]));
  }
  const fiscalYear =
    /年度$|^FY/i.test(text) || /^(令和|平成|昭和|[RHSrhs])\d{1,2}$/.test(text) || /^\d{4}$/.test(text) ? parseFiscalYear(text) : undefined;
  return fiscalYear ? { fiscalYear, month: 0 } : undefined;
}

function monthPeriod(year: number, month: number): Period | undefined {
  if (month < 1 || month > 12) return undefined;
  return { fiscalYear: month >= 4 ? year : year - 1, month };
}

/** The same period one year earlier, for year-on-year change. */
export function previousYear(period: Period): Period {
  return { fiscalYear: period.fiscalYear - 1, month: period.month };
}

/** The month before the one containing `date` (a monthly summary on 5 May reports April). */
export function previousMonthOf(year: number, month: number): Period {
  const m = month === 1 ? 12 : month - 1;
  const y = month === 1 ? year - 1 : year;
  return { fiscalYear: m >= 4 ? y : y - 1, month: m };
}

/** Fiscal-year month order: April first. */
export const FISCAL_MONTHS = [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3] as const;

export function periodLabel(period: Period, locale: "ja" | "en", formatFiscalYear: (fy: number) => string): string {
  if (period.month === 0) return locale === "ja" ? formatFiscalYear(period.fiscalYear) : `FY${period.fiscalYear}`;
  const year = calendarYearOf(period);
  return locale === "ja" ? `${year}年${period.month}月` : `${year}-${String(period.month).padStart(2, "0")}`;
}

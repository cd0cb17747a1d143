// A date, typed in a Japanese era or the Gregorian calendar (「令和9年4月1日」「2027-04-01」), stored as YYYY-MM-DD.
import { formatJapaneseDate, parseJapaneseDate } from "../../../lib/japanese/era.ts";
import { readDate } from "../read-answer.ts";
import type { QuestionBase } from "../survey-types.ts";
import { defineKind, type Locale } from "./kind.ts";
import { fromRead, scalarText } from "./shared.ts";

export type DateQuestion = QuestionBase & { kind: "date" };

export interface DateTally {
  type: "date";
  earliest: string | undefined;
  latest: string | undefined;
  counts: Array<{ date: string; count: number }>;
}

export function formatDate(iso: string, locale: Locale): string {
  const date = parseJapaneseDate(iso);
  if (!date) return iso;
  return locale === "ja" ? `${formatJapaneseDate(date)}（${iso}）` : iso;
}

export const date = defineKind<DateQuestion>()({
  kind: "date",
  fields: {},
  normalize: (_input, common) => ({ ...common, kind: "date" }),
  problem: (_q, value) => (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) ? undefined : { key: "surveys.answer.notADate" }),
  readTyped: (_q, _position, _answers, text) => fromRead(readDate(text)),
  form: { field: (_q, base) => ({ ...base, kind: "date" }), read: (_q, raw) => readDate(raw) },
  cell: (_q, raw) => readDate(raw),
  quick: { order: 6, words: ["日付", "date"], build: (common) => ({ ...common, kind: "date" }) },
  format: (_q, value, locale) => formatDate(scalarText(value), locale),
  tally: (_q, answered): DateTally => {
    const dates = answered.map((a) => scalarText(a.value)).sort();
    const byDate = new Map<string, number>();
    for (const d of dates) byDate.set(d, (byDate.get(d) ?? 0) + 1);
    return { type: "date", earliest: dates[0], latest: dates.at(-1), counts: [...byDate].map(([date, count]) => ({ date, count })) };
  },
  columns: (_q, heading) => [{ header: heading, cell: (v) => (typeof v === "string" ? v : "") }],
  tallyRows: (tally, lead) => tally.counts.map((c) => [...lead, c.date, c.count, ""]),
  tallyBlocks: (tally, p) => [
    {
      type: "table",
      columns: [p.t("surveys.results.date"), p.t("surveys.results.bodies")],
      rows: tally.counts.map((c) => [formatDate(c.date, p.locale), String(c.count)]),
    },
  ],
});

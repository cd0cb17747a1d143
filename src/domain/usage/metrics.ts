// The vocabulary of usage figures: what is counted (metric) and how it is broken down (channel or
// subsystem), with the column names spreadsheets use for them in English and Japanese. Unknown words are
// rejected on import rather than guessed, so a typo never becomes a new metric.
import { nameKey } from "../../lib/japanese/normalize.ts";

export const METRICS = [
  "applications",
  "reservations",
  "lottery_entries",
  "registered_users",
  "procedures",
  "bids_opened",
  "incidents",
  "facilities",
  "scheduled_hours",
  "outage_hours",
] as const;
export type Metric = (typeof METRICS)[number];

/** Metrics that are counts of things (summed over bodies and months); hours feed uptime instead. */
export const COUNT_METRICS: readonly Metric[] = METRICS.filter((m) => m !== "scheduled_hours" && m !== "outage_hours");

/** Metrics that are a level at a date (users registered, facilities), not a flow: a year's value is the last month's, not the sum. */
export const STOCK_METRICS: readonly Metric[] = ["registered_users", "procedures", "facilities"];

export const CHANNELS = ["total", "staff_terminal", "internet", "mobile", "smartphone", "individual", "group"] as const;

const METRIC_WORDS: Record<string, Metric> = {
  applications: "applications",
  申請件数: "applications",
  申請数: "applications",
  総申請件数: "applications",
  reservations: "reservations",
  予約登録数: "reservations",
  予約数: "reservations",
  予約件数: "reservations",
  lottery_entries: "lottery_entries",
  lottery: "lottery_entries",
  抽選申込数: "lottery_entries",
  registered_users: "registered_users",
  users: "registered_users",
  登録利用者数: "registered_users",
  procedures: "procedures",
  procedures_registered: "procedures",
  登録手続数: "procedures",
  手続数: "procedures",
  bids_opened: "bids_opened",
  開札件数: "bids_opened",
  電子入札開札件数: "bids_opened",
  incidents: "incidents",
  インシデント件数: "incidents",
  facilities: "facilities",
  利用館数: "facilities",
  scheduled_hours: "scheduled_hours",
  予定時間: "scheduled_hours",
  outage_hours: "outage_hours",
  emergency_outage_hours: "outage_hours",
  緊急停止時間: "outage_hours",
};

const CHANNEL_WORDS: Record<string, string> = {
  total: "total",
  受付総数: "total",
  合計: "total",
  計: "total",
  staff_terminal: "staff_terminal",
  staff: "staff_terminal",
  職員端末: "staff_terminal",
  internet: "internet",
  インターネット: "internet",
  mobile: "mobile",
  携帯電話: "mobile",
  smartphone: "smartphone",
  スマートフォン: "smartphone",
  individual: "individual",
  個人登録件数: "individual",
  個人: "individual",
  group: "group",
  団体登録件数: "group",
  団体: "group",
};

export function parseMetric(word: string): Metric | undefined {
  return METRIC_WORDS[nameKey(word)] ?? METRIC_WORDS[word.trim()];
}

/** A channel word, or any other short name as a subsystem (電子入札システム) for hours and incidents. */
export function parseChannel(word: string | undefined): string {
  const text = (word ?? "").normalize("NFKC").trim();
  if (text === "") return "total";
  return CHANNEL_WORDS[nameKey(text)] ?? CHANNEL_WORDS[text] ?? text;
}

/**
 * A column of a wide spreadsheet (one row per body, one column per figure), as in the Chiba data:
 * reservations_staff_terminal → reservations by staff terminal; individual_users → registered users,
 * individual; lottery_total → lottery entries in total.
 */
export function parseWideColumn(header: string): { metric: Metric; channel: string } | undefined {
  const text = header.normalize("NFKC").trim().toLowerCase();
  const direct = parseMetric(text);
  if (direct) return { metric: direct, channel: "total" };
  const special: Record<string, { metric: Metric; channel: string }> = {
    individual_users: { metric: "registered_users", channel: "individual" },
    group_users: { metric: "registered_users", channel: "group" },
  };
  if (special[text]) return special[text];
  // <metric>_<channel> or <metric>:<channel>
  for (const separator of [":", "_"]) {
    for (let i = text.indexOf(separator); i > 0; i = text.indexOf(separator, i + 1)) {
      const metric = parseMetric(text.slice(0, i));
      const channel = CHANNEL_WORDS[text.slice(i + 1)];
      if (metric && channel) return { metric, channel };
    }
  }
  return undefined;
}

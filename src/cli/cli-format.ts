// How the secretariat's command line prints times and table headers: times in the council's time zone (the
// secretariat reads 2026-12-03 09:30, not 2026-12-03T00:30:00.000Z), headers in Japanese and English.
import { DateTime } from "luxon";

/** A moment as local time in the zone, to the minute: 2026-12-03 09:30. */
export function cliTime(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toFormat("yyyy-MM-dd HH:mm");
}

/** A date in the zone: 2026-12-03. */
export function cliDate(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toFormat("yyyy-MM-dd");
}

const HEADERS: Record<string, string> = {
  actor: "実行者",
  action: "操作",
  alternates: "代理",
  answered: "回答数",
  "answered by": "回答者",
  abstain: "棄権",
  against: "反対",
  at: "日時",
  attempts: "試行",
  bodies: "所属団体",
  body: "団体",
  by: "入力者",
  code: "団体コード",
  current: "現在",
  deadline: "期限",
  deemed: "みなし",
  dissolved: "解散",
  due: "期限",
  dueAt: "予定日時",
  eligible: "対象",
  failed: "失敗",
  for: "賛成",
  FY: "年度",
  handle: "ID",
  holder: "表決者",
  id: "ID",
  key: "キー",
  kind: "種別",
  level: "関心度",
  missing: "未表決",
  motion: "議案",
  name: "名称",
  no: "番号",
  note: "メモ",
  organ: "会議体",
  outcome: "結果",
  queued: "送信待ち",
  receipt: "受付番号",
  representative: "委員",
  role: "役割",
  roles: "役割",
  seats: "席数",
  sendAt: "送信日時",
  sent: "送信済み",
  seq: "番号",
  series: "系列",
  slug: "識別名",
  state: "状態",
  subject: "対象",
  text: "本文",
  title: "件名",
  via: "経路",
  voted: "表決済み",
};

/** Table headers as 「日本語 / English」; a header already in both languages is kept. */
export function headers(...names: string[]): string[] {
  return names.map((name) => (name.includes(" / ") || !HEADERS[name] ? name : `${HEADERS[name]} / ${name}`));
}

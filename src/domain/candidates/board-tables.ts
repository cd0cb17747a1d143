// The board as tables for Excel users, with Japanese headers: one row per candidate (counts per level and
// the screening), one row per candidate and member body (so COUNTIF over a column gives the board's
// numbers), the monthly trend, and every recorded interest. Pure.
import { localMinute } from "../../lib/local-time.ts";
import type { Translate } from "../../engine/i18n.ts";
import { formatFiscalYear } from "../../lib/japanese/era.ts";
import type { ExportTable } from "../../lib/table-export.ts";
import type { Board, BoardEntry } from "./candidate-board.ts";
import type { HistoryEntry } from "./interest-history.ts";
import { INTEREST_LEVELS } from "./interest-levels.ts";
import type { TrendPoint } from "./interest-trend.ts";
import { levelLabel } from "./screening-text.ts";

const year = (fy: number | null) => (fy === null ? "" : formatFiscalYear(fy));

export function candidateState(t: Translate, entry: Pick<BoardEntry, "candidate" | "basis">): string {
  if (entry.candidate.archivedAt) return t("candidates.state.archived");
  if (entry.candidate.shortlistedAt)
    return t(entry.basis?.mode === "manual" ? "candidates.state.shortlistedManual" : "candidates.state.shortlisted");
  return t("candidates.state.open");
}

export function boardTable(t: Translate, board: Board, zone: string): ExportTable {
  const levelColumns = INTEREST_LEVELS.map((l) => levelLabel(t, l));
  const columns = [
    "案件番号",
    "案件名",
    "分類",
    "製品・事業者",
    "概算費用",
    "状態",
    ...levelColumns,
    "未回答",
    "導入意向計",
    "必要団体数",
    "判定",
    "WG",
    "リンク",
    "登録日",
  ];
  const rows = board.entries.map((e) => [
    e.candidate.number,
    e.candidate.name,
    e.candidate.category,
    e.products.join("、"),
    e.candidate.roughCost,
    candidateState(t, e),
    ...INTEREST_LEVELS.map((l) => e.counts[l]),
    board.members - e.answered,
    e.screening.intending,
    Math.max(e.screening.required, 1),
    e.screening.passes ? "基準を満たす" : `あと${e.screening.shortfall}団体`,
    e.workingGroup?.name ?? "",
    e.links.join(" "),
    localMinute(e.candidate.createdAt, zone),
  ]);
  const first = 6;
  return { name: "案件一覧", columns, rows, numeric: [0, ...INTEREST_LEVELS.map((_, i) => first + i), first + 5, first + 6, first + 7] };
}

export function bodyTable(
  t: Translate,
  board: Board,
  bodies: Array<{ id: string; code: string | null; name: string }>,
  zone: string,
): ExportTable {
  const rows: Array<Array<string | number>> = [];
  for (const e of board.entries) {
    const byBody = new Map(INTEREST_LEVELS.flatMap((l) => e.bodies[l].map((b) => [b.id, { level: l, ...b }] as const)));
    for (const body of bodies) {
      const found = byBody.get(body.id);
      rows.push([
        e.candidate.number,
        e.candidate.name,
        body.code ?? "",
        body.name,
        found ? levelLabel(t, found.level) : "未回答",
        found ? year(found.fiscalYear) : "",
        found?.note ?? "",
        found ? localMinute(found.recordedAt, zone) : "",
      ]);
    }
  }
  return {
    name: "団体別",
    columns: ["案件番号", "案件名", "団体コード", "団体名", "関心度", "目標年度", "メモ", "登録日時"],
    rows,
    numeric: [0],
  };
}

export function trendTable(t: Translate, trends: Array<{ number: number; name: string; points: TrendPoint[] }>): ExportTable {
  const rows = trends.flatMap((c) =>
    c.points.map((p) => [c.number, c.name, p.label, ...INTEREST_LEVELS.map((l) => p.counts[l]), p.answered]),
  );
  return {
    name: "推移",
    columns: ["案件番号", "案件名", "月", ...INTEREST_LEVELS.map((l) => levelLabel(t, l)), "回答団体数"],
    rows,
    numeric: [0, 3, 4, 5, 6, 7, 8],
  };
}

export function historyTable(t: Translate, history: HistoryEntry[], zone: string): ExportTable {
  return {
    name: "履歴",
    columns: ["登録日時", "案件番号", "案件名", "団体コード", "団体名", "関心度", "目標年度", "メモ", "登録者", "経路", "有効"],
    rows: history.map((h) => [
      localMinute(h.recordedAt, zone),
      h.candidateNumber,
      h.candidateName,
      h.bodyCode ?? "",
      h.bodyName,
      levelLabel(t, h.level),
      year(h.fiscalYear),
      h.note,
      h.recordedBy,
      h.via,
      h.current ? "有効（最新）" : "以前の回答",
    ]),
    numeric: [1],
  };
}

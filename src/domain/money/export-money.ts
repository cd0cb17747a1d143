// Cost shares and settlements as export tables (CSV/XLSX), with each body's basis and the rounding rule
// spelled out, so the file can be attached to the 議案 as it is.
import { translator } from "../../engine/i18n.ts";
import type { ExportTable } from "../../lib/table-export.ts";
import { formatFiscalYear } from "../../lib/japanese/era.ts";
import { describeBasis, describeMethod, describeRounding, showExact } from "./describe-share.ts";
import type { CostShareView } from "./find-cost-share.ts";
import type { SettlementView } from "./find-settlement.ts";
import { settlementRows } from "./settlement-message.ts";
import { formatYen } from "../../lib/yen.ts";

export function shareExportTables(share: CostShareView, locale: "ja" | "en"): ExportTable[] {
  const t = translator(locale);
  const rows = share.lines.map((l) => [
    l.code ?? "",
    l.name,
    formatYen(l.amount, { triangle: false }),
    showExact(l.exact),
    describeBasis(l.parts, l.bound, l.roundedUp, t),
  ]);
  rows.push([
    "",
    t("money.columns.total"),
    formatYen(share.total, { triangle: false }),
    "",
    `${describeMethod(share.spec, t)} / ${describeRounding(share.spec, t)}`,
  ]);
  return [
    {
      name: t("money.export.shareSheet", { number: share.number }),
      columns: [
        t("money.columns.code"),
        t("money.columns.body"),
        t("money.columns.amount"),
        t("money.columns.exact"),
        t("money.columns.basis"),
      ],
      rows,
      numeric: [2],
    },
  ];
}

export function settlementExportTables(view: SettlementView, locale: "ja" | "en"): ExportTable[] {
  const t = translator(locale);
  const columns = [
    t("money.columns.item"),
    t("money.columns.budget"),
    t("money.columns.actual"),
    t("money.columns.difference"),
    t("money.columns.note"),
  ];
  const withNotes = (lines: SettlementView["result"]["revenue"], rows: string[][]) =>
    rows.map((row, i) => [
      ...row,
      lines[i]
        ? [lines[i].note, ...(lines[i].breakdown ?? []).map((b) => `${b.label} ${formatYen(b.amount)}`)].filter(Boolean).join(" ")
        : "",
    ]);
  const r = view.result;
  const tables: ExportTable[] = [
    {
      name: t("money.settlement.revenue"),
      columns,
      rows: withNotes(r.revenue, settlementRows(r.revenue, r.revenueTotals, t("money.columns.total"))),
      numeric: [1, 2, 3],
    },
    {
      name: t("money.settlement.expenses"),
      columns,
      rows: withNotes(r.expenses, settlementRows(r.expenses, r.expenseTotals, t("money.columns.total"))),
      numeric: [1, 2, 3],
    },
    {
      name: t("money.settlement.summarySheet"),
      columns: [t("money.columns.item"), t("money.columns.amount")],
      rows: [
        [t("money.settlement.revenueTotal"), formatYen(r.revenueTotals.actual)],
        [t("money.settlement.expenseTotal"), formatYen(r.expenseTotals.actual)],
        [
          `${t("money.settlement.balance")}（${t(`money.settlement.disposal.${view.disposal}`, { next: formatFiscalYear(view.fiscalYear + 1) })}）`,
          formatYen(r.balance),
        ],
      ],
      numeric: [1],
    },
  ];
  if (view.refunds.length > 0) {
    tables.push({
      name: t("money.settlement.refunds"),
      columns: [t("money.columns.code"), t("money.columns.body"), t("money.columns.paid"), t("money.columns.refund")],
      rows: [
        ...view.refunds.map((x) => [x.code ?? "", x.name, formatYen(x.paid), formatYen(x.refund)]),
        [
          "",
          t("money.columns.total"),
          formatYen(view.refunds.reduce((a, x) => a.plus(x.paid), view.refunds[0]!.paid.mul(0))),
          formatYen(view.refunds.reduce((a, x) => a.plus(x.refund), view.refunds[0]!.refund.mul(0))),
        ],
      ],
      numeric: [2, 3],
    });
  }
  return tables;
}

// A settlement as a chat message: 収入の部 and 支出の部 with 予算額 / 決算額 / 差引額, the totals and the
// balance with what happens to it. Every member sees the statement (it is what the 総会 approves) and their
// own body's refund; the list of every body's refund is for the secretariat.
import { translator } from "../../engine/i18n.ts";
import type { Block, OutboundMessage } from "../../engine/messages.ts";
import { formatFiscalYear } from "../../lib/japanese/era.ts";
import type { SettlementView } from "./find-settlement.ts";
import type { SettlementLineResult, SideTotals } from "./settlement.ts";
import { formatYen } from "../../lib/yen.ts";

export function settlementRows(lines: SettlementLineResult[], totals: SideTotals, totalLabel: string): string[][] {
  return [
    ...lines.map((l) => [l.item, formatYen(l.budget), formatYen(l.actual), formatYen(l.difference)]),
    [totalLabel, formatYen(totals.budget), formatYen(totals.actual), formatYen(totals.difference)],
  ];
}

export function settlementMessage(
  view: SettlementView,
  locale: "ja" | "en",
  viewer: { bodyIds: string[]; secretariat: boolean },
): OutboundMessage {
  const t = translator(locale);
  const yen = (v: Parameters<typeof formatYen>[0]) => `${formatYen(v)}${t("money.yen")}`;
  const title = t("money.settlement.title", { number: view.number, title: view.title, year: formatFiscalYear(view.fiscalYear) });
  const columns = [t("money.columns.item"), t("money.columns.budget"), t("money.columns.actual"), t("money.columns.difference")];
  const r = view.result;
  const disposal = t(`money.settlement.disposal.${view.disposal}`, { next: formatFiscalYear(view.fiscalYear + 1) });
  const blocks: Block[] = [
    { type: "header", text: title },
    {
      type: "table",
      caption: t("money.settlement.revenue"),
      columns,
      rows: settlementRows(r.revenue, r.revenueTotals, t("money.columns.total")),
    },
    {
      type: "table",
      caption: t("money.settlement.expenses"),
      columns,
      rows: settlementRows(r.expenses, r.expenseTotals, t("money.columns.total")),
    },
    {
      type: "fields",
      fields: [
        { label: t("money.settlement.revenueTotal"), value: yen(r.revenueTotals.actual) },
        { label: t("money.settlement.expenseTotal"), value: yen(r.expenseTotals.actual) },
        { label: t("money.settlement.balance"), value: `${yen(r.balance)}（${disposal}）` },
      ],
    },
  ];
  const lines = [
    title,
    `${t("money.settlement.revenueTotal")}: ${yen(r.revenueTotals.actual)}`,
    `${t("money.settlement.expenseTotal")}: ${yen(r.expenseTotals.actual)}`,
    `${t("money.settlement.balance")}: ${yen(r.balance)}（${disposal}）`,
  ];
  for (const refund of view.refunds.filter((x) => viewer.bodyIds.includes(x.bodyId))) {
    const text = t("money.settlement.yourRefund", { body: refund.name, refund: yen(refund.refund), paid: yen(refund.paid) });
    blocks.push({ type: "text", text });
    lines.push(text);
  }
  if (viewer.secretariat && view.refunds.length > 0) {
    blocks.push({
      type: "table",
      caption: t("money.settlement.refunds"),
      columns: [t("money.columns.body"), t("money.columns.paid"), t("money.columns.refund")],
      rows: view.refunds.map((x) => [x.name, formatYen(x.paid), formatYen(x.refund)]),
    });
  }
  blocks.push({ type: "context", text: t("money.settlement.differenceNote") });
  return { text: lines.join("\n"), blocks };
}

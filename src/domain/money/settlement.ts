// A fiscal year's settlement (収支決算) as pure arithmetic: per line 差引額 = 予算額 − 決算額 (negative when
// more came in or went out than budgeted, printed △), totals per side, and the balance 収入総額 − 支出総額.
// A line's breakdown (摘要) must add up to its actual, which catches a mistyped figure before the 総会
// sees it. The balance is refunded (返還金) to the bodies in proportion to what they paid.
import { DomainError } from "../errors.ts";
import { proportional, roundShares, type Rounded, type RoundingRule } from "./apportion.ts";
import { Dec, formatYen } from "../../lib/yen.ts";

export interface SettlementLineInput {
  item: string;
  budget: Dec;
  actual: Dec;
  note?: string;
  breakdown?: Array<{ label: string; amount: Dec }>;
}

export interface SettlementLineResult extends SettlementLineInput {
  /** 差引額 = 予算額 − 決算額 */
  difference: Dec;
}

export interface SideTotals {
  budget: Dec;
  actual: Dec;
  difference: Dec;
}

export interface SettlementResult {
  revenue: SettlementLineResult[];
  expenses: SettlementLineResult[];
  revenueTotals: SideTotals;
  expenseTotals: SideTotals;
  /** 収入総額 − 支出総額 (the 差引額 carried into the next year) */
  balance: Dec;
}

function side(lines: SettlementLineInput[], sideName: "revenue" | "expense"): { lines: SettlementLineResult[]; totals: SideTotals } {
  const results = lines.map((line) => {
    if (!line.budget.isInteger() || !line.actual.isInteger()) throw new DomainError("money.settlement.notWholeYen", { item: line.item });
    if (line.breakdown && line.breakdown.length > 0) {
      const parts = line.breakdown.reduce((acc, p) => acc.plus(p.amount), new Dec(0));
      if (!parts.eq(line.actual)) {
        throw new DomainError("money.settlement.breakdownMismatch", {
          side: sideName,
          item: line.item,
          parts: formatYen(parts),
          actual: formatYen(line.actual),
        });
      }
    }
    return { ...line, difference: line.budget.minus(line.actual) };
  });
  const totals = results.reduce(
    (acc, l) => ({ budget: acc.budget.plus(l.budget), actual: acc.actual.plus(l.actual), difference: acc.difference.plus(l.difference) }),
    { budget: new Dec(0), actual: new Dec(0), difference: new Dec(0) },
  );
  return { lines: results, totals };
}

export function settle(input: { revenue: SettlementLineInput[]; expenses: SettlementLineInput[] }): SettlementResult {
  if (input.revenue.length === 0) throw new DomainError("money.settlement.noRevenue");
  const revenue = side(input.revenue, "revenue");
  const expenses = side(input.expenses, "expense");
  return {
    revenue: revenue.lines,
    expenses: expenses.lines,
    revenueTotals: revenue.totals,
    expenseTotals: expenses.totals,
    balance: revenue.totals.actual.minus(expenses.totals.actual),
  };
}

export interface Payment {
  key: string;
  order: string;
  paid: Dec;
}

/**
 * Splits a balance among the bodies in proportion to what each paid, rounded to whole yen by the given
 * rule so the refunds add up to the balance exactly. A deficit is not refunded.
 */
export function refundInProportion(balance: Dec, payments: Payment[], rounding: RoundingRule = { rule: "largest_remainder" }): Rounded[] {
  if (balance.isNegative()) throw new DomainError("money.settlement.deficit", { balance: formatYen(balance) });
  const paidTotal = payments.reduce((acc, p) => acc.plus(p.paid), new Dec(0));
  if (paidTotal.isZero()) throw new DomainError("money.settlement.nothingPaid");
  const exact = proportional(
    balance,
    payments.map((p) => p.paid),
  );
  return roundShares(
    payments.map((p, i) => ({ key: p.key, order: p.order, exact: exact[i]! })),
    balance,
    new Dec(1),
    rounding,
  );
}

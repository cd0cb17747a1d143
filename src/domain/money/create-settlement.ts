// Records a fiscal year's settlement: lines with 予算額/決算額 (差引額 computed), the balance, and — when
// the balance is refunded — each body's refund in proportion to what it paid through the named cost
// shares (or listed amounts), rounded so the refunds add up to the balance exactly. One audited transaction.
import type { Db } from "../../storage/database.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";
import { findBody } from "../bodies/find-body.ts";
import { DomainError } from "../errors.ts";
import { findSystem } from "../usage/find-system.ts";
import type { Rounded } from "./apportion.ts";
import { findCostShare } from "./find-cost-share.ts";
import type { SettlementView } from "./find-settlement.ts";
import { refundInProportion, settle, type Payment, type SettlementResult } from "./settlement.ts";
import { linesOf, type SettlementSpec } from "./settlement-spec.ts";
import { Dec } from "../../lib/yen.ts";
import { bodyOrderKey } from "../usage/body-order.ts";

export interface ComputedSettlement {
  number: number | undefined;
  spec: SettlementSpec;
  result: SettlementResult;
  refunds: Array<Rounded & { paid: Dec; name: string; code: string | null }>;
}

/** A computed settlement in the shape of a recorded one (its number once saved, else 0), for previews. */
export function computedSettlementView(computed: ComputedSettlement): SettlementView {
  return {
    id: "",
    number: computed.number ?? 0,
    title: computed.spec.title,
    fiscalYear: computed.spec.fiscalYear,
    disposal: computed.spec.disposal,
    spec: computed.spec,
    result: computed.result,
    refunds: computed.refunds.map((r) => ({ bodyId: r.key, code: r.code, name: r.name, paid: r.paid, refund: r.amount })),
  };
}

async function paymentsOf(
  db: Db,
  councilId: string,
  spec: SettlementSpec,
): Promise<Array<Payment & { name: string; code: string | null }>> {
  const paid = new Map<string, { paid: Dec; name: string; code: string | null }>();
  const add = (id: string, name: string, code: string | null, amount: Dec) => {
    const entry = paid.get(id) ?? { paid: new Dec(0), name, code };
    entry.paid = entry.paid.plus(amount);
    paid.set(id, entry);
  };
  if (spec.refund && "shares" in spec.refund) {
    for (const number of spec.refund.shares) {
      const share = await findCostShare(db, councilId, number);
      for (const line of share.lines) add(line.bodyId, line.name, line.code, line.amount);
    }
  } else if (spec.refund) {
    for (const entry of spec.refund.paid) {
      const body = await findBody(db, councilId, entry.body);
      add(body.id, body.name, body.code, new Dec(entry.amount));
    }
  }
  return [...paid.entries()].map(([key, v]) => ({ key, order: bodyOrderKey(v), ...v }));
}

export async function createSettlement(
  db: Db,
  councilId: string,
  spec: SettlementSpec,
  actor: string,
  options: { dryRun?: boolean } = {},
): Promise<ComputedSettlement> {
  const system = spec.system ? await findSystem(db, councilId, spec.system) : undefined;
  const result = settle({ revenue: linesOf(spec.revenue), expenses: linesOf(spec.expenses) });
  let refunds: ComputedSettlement["refunds"] = [];
  if (spec.disposal === "refund_next_year") {
    const payments = await paymentsOf(db, councilId, spec);
    if (payments.length === 0) throw new DomainError("money.settlement.nothingPaid");
    const byKey = new Map(payments.map((p) => [p.key, p]));
    refunds = refundInProportion(result.balance, payments).map((r) => ({
      ...r,
      paid: byKey.get(r.key)!.paid,
      name: byKey.get(r.key)!.name,
      code: byKey.get(r.key)!.code,
    }));
  }
  if (options.dryRun) return { number: undefined, spec, result, refunds };

  const number = await db.$transaction(async (tx) => {
    const last = await tx.settlement.findFirst({ where: { councilId }, orderBy: { number: "desc" }, select: { number: true } });
    const next = (last?.number ?? 0) + 1;
    const settlement = await tx.settlement.create({
      data: {
        councilId,
        number: next,
        title: spec.title,
        fiscalYear: spec.fiscalYear,
        systemId: system?.id ?? null,
        spec: JSON.stringify(spec),
        balance: result.balance.toFixed(),
        disposal: spec.disposal,
        createdBy: actor,
      },
    });
    const lineRows = [
      ...result.revenue.map((l, i) => ({ side: "revenue", position: i + 1, l })),
      ...result.expenses.map((l, i) => ({ side: "expense", position: i + 1, l })),
    ];
    await tx.settlementLine.createMany({
      data: lineRows.map(({ side, position, l }) => ({
        settlementId: settlement.id,
        side,
        position,
        item: l.item,
        budget: l.budget.toFixed(),
        actual: l.actual.toFixed(),
        note: [l.note, ...(l.breakdown ?? []).map((b) => `${b.label} ${b.amount.toFixed()}`)].filter(Boolean).join("\n"),
      })),
    });
    if (refunds.length > 0) {
      await tx.settlementRefund.createMany({
        data: refunds.map((r) => ({ settlementId: settlement.id, bodyId: r.key, paid: r.paid.toFixed(), refund: r.amount.toFixed() })),
      });
    }
    await appendAuditEntry(tx, {
      actor,
      action: "money.settlement.create",
      subject: `settlement:${settlement.id}`,
      payload: {
        number: next,
        title: spec.title,
        revenue: result.revenueTotals.actual.toFixed(),
        expenses: result.expenseTotals.actual.toFixed(),
        balance: result.balance.toFixed(),
        refunds: refunds.length,
      },
    });
    return next;
  });
  return { number, spec, result, refunds };
}

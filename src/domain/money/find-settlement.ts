// Reads a recorded settlement back: its lines recomputed from the stored spec (so 差引額 and totals are
// always derived, never stored twice) and the stored refunds with the bodies' names.
import type { DbOrTx } from "../../storage/database.ts";
import { DomainError } from "../errors.ts";
import { settle, type SettlementResult } from "./settlement.ts";
import { linesOf, settlementSpecSchema, type SettlementSpec } from "./settlement-spec.ts";
import { readJsonColumn } from "../../lib/json-column.ts";
import { Dec } from "../../lib/yen.ts";
import { compareBodies } from "../usage/body-order.ts";
import { findInSlices } from "../../storage/chunked.ts";

export interface SettlementView {
  id: string;
  number: number;
  title: string;
  fiscalYear: number;
  disposal: string;
  spec: SettlementSpec;
  result: SettlementResult;
  refunds: Array<{ bodyId: string; code: string | null; name: string; paid: Dec; refund: Dec }>;
}

export async function findSettlement(db: DbOrTx, councilId: string, number: number): Promise<SettlementView> {
  const row = await db.settlement.findUnique({ where: { councilId_number: { councilId, number } }, include: { refunds: true } });
  if (!row) throw new DomainError("money.settlement.notFound", { number });
  const spec = readJsonColumn(settlementSpecSchema, row.spec, `Settlement ${row.id}.spec`);
  const bodies = await findInSlices(
    row.refunds.map((r) => r.bodyId),
    (ids) => db.body.findMany({ where: { id: { in: ids } } }),
  );
  const byId = new Map(bodies.map((b) => [b.id, b]));
  const refunds = row.refunds
    .map((r) => ({
      bodyId: r.bodyId,
      code: byId.get(r.bodyId)?.code ?? null,
      name: byId.get(r.bodyId)?.name ?? r.bodyId,
      paid: new Dec(r.paid),
      refund: new Dec(r.refund),
    }))
    .sort(compareBodies);
  return {
    id: row.id,
    number: row.number,
    title: row.title,
    fiscalYear: row.fiscalYear,
    disposal: row.disposal,
    spec,
    result: settle({ revenue: linesOf(spec.revenue), expenses: linesOf(spec.expenses) }),
    refunds,
  };
}

export async function listSettlements(db: DbOrTx, councilId: string) {
  return db.settlement.findMany({ where: { councilId }, orderBy: { number: "asc" } });
}

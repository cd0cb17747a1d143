// Reads a recorded cost share back with its bodies' names and bases, for chat, exports and estimates.
import { z } from "zod";
import { readJsonColumn } from "../../lib/json-column.ts";
import type { DbOrTx } from "../../storage/database.ts";
import { DomainError } from "../errors.ts";
import type { BasisPart } from "./share-methods.ts";
import { shareSpecSchema, type ShareSpec } from "./share-spec.ts";
import { Dec } from "../../lib/yen.ts";
import { compareBodies } from "../usage/body-order.ts";
import { findInSlices } from "../../storage/chunked.ts";

const basisPart = z.object({
  method: z.enum(["equal", "population", "births", "class"]),
  percent: z.string(),
  value: z.string().optional(),
  of: z.string().optional(),
  year: z.number().int().optional(),
  exact: z.string(),
});
/** CostShareLine.basis: how the body's amount was reached, as recorded when the share was computed. */
const basisSchema = z.object({ parts: z.array(basisPart), bound: z.enum(["minimum", "cap"]).nullable(), roundedUp: z.boolean() });

export interface CostShareLineView {
  bodyId: string;
  code: string | null;
  name: string;
  exact: Dec;
  amount: Dec;
  parts: BasisPart[];
  bound: "minimum" | "cap" | null;
  roundedUp: boolean;
}

export interface CostShareView {
  id: string;
  number: number;
  title: string;
  fiscalYear: number;
  total: Dec;
  spec: ShareSpec;
  createdAt: Date;
  lines: CostShareLineView[];
}

export async function findCostShare(db: DbOrTx, councilId: string, number: number): Promise<CostShareView> {
  const share = await db.costShare.findUnique({ where: { councilId_number: { councilId, number } }, include: { lines: true } });
  if (!share) throw new DomainError("money.shares.notFound", { number });
  const bodies = await findInSlices(
    share.lines.map((l) => l.bodyId),
    (ids) => db.body.findMany({ where: { id: { in: ids } } }),
  );
  const byId = new Map(bodies.map((b) => [b.id, b]));
  const lines = share.lines
    .map((l) => {
      const body = byId.get(l.bodyId);
      const basis = readJsonColumn(basisSchema, l.basis, `CostShareLine ${l.id}.basis`);
      return {
        bodyId: l.bodyId,
        code: body?.code ?? null,
        name: body?.name ?? l.bodyId,
        exact: new Dec(l.exact),
        amount: new Dec(l.amount),
        ...basis,
      };
    })
    .sort(compareBodies);
  return {
    id: share.id,
    number: share.number,
    title: share.title,
    fiscalYear: share.fiscalYear,
    total: new Dec(share.total),
    spec: readJsonColumn(shareSpecSchema, share.spec, `CostShare ${share.id}.spec`),
    createdAt: share.createdAt,
    lines,
  };
}

export async function listCostShares(db: DbOrTx, councilId: string, fiscalYear?: number) {
  return db.costShare.findMany({
    where: { councilId, ...(fiscalYear ? { fiscalYear } : {}) },
    orderBy: { number: "asc" },
    include: { _count: { select: { lines: true } } },
  });
}

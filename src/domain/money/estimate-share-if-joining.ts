// "If we join, what do we pay?" — for the participation survey (参加意向調査). The share is recomputed
// with the same method, rounding and bounds among its current participants plus the joining body, so the
// estimate is exactly what the body would be billed if the split were decided now with it inside. With a
// fixed total, joining lowers the others' shares; with class prices and no total, it adds the body's price.
import type { DbOrTx } from "../../storage/database.ts";
import { DomainError } from "../errors.ts";
import { computeForBodies } from "./create-cost-share.ts";
import { findCostShare } from "./find-cost-share.ts";
import type { BasisPart } from "./share-methods.ts";
import { Dec } from "../../lib/yen.ts";
import { findInSlices } from "../../storage/chunked.ts";

export interface JoinEstimate {
  /** the body's share if it joined (or its current share when it already takes part) */
  amount: Dec;
  exact: Dec;
  parts: BasisPart[];
  alreadyParticipating: boolean;
  /** participants counted in the estimate, the joining body included */
  participants: number;
  /** the total the estimate splits (grows with class prices and no fixed total) */
  total: Dec;
}

export interface StoredJoinEstimate extends JoinEstimate {
  share: { number: number; title: string; fiscalYear: number };
  body: { id: string; name: string };
}

/**
 * The use case the survey calls: estimate for body `bodyId` against recorded cost share `shareNumber`.
 * A spec without a fixed total grows with the newcomer; a fixed total is split among one more body.
 */
export async function estimateShareForBody(
  db: DbOrTx,
  input: { councilId: string; shareNumber: number; bodyId: string },
): Promise<StoredJoinEstimate> {
  const share = await findCostShare(db, input.councilId, input.shareNumber);
  const body = await db.body.findFirst({ where: { id: input.bodyId, councilId: input.councilId } });
  if (!body) throw new DomainError("bodies.notFound", { query: input.bodyId });
  const currentIds = share.lines.map((l) => l.bodyId);
  const already = currentIds.includes(body.id);
  const bodies = await findInSlices(already ? currentIds : [...currentIds, body.id], (ids) =>
    db.body.findMany({ where: { id: { in: ids } } }),
  );
  // A spec with class prices and no total recomputes its total (the sum of prices) with the body inside.
  const result = await computeForBodies(db, input.councilId, share.spec, bodies);
  const line = result.lines.find((l) => l.key === body.id)!;
  return {
    amount: line.amount,
    exact: line.exact,
    parts: line.parts,
    alreadyParticipating: already,
    participants: bodies.length,
    total: result.total,
    share: { number: share.number, title: share.title, fiscalYear: share.fiscalYear },
    body: { id: body.id, name: body.name },
  };
}

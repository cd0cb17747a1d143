// Progress of an inquiry: which target bodies have answered (with who and when) and which have not.
import type { DbOrTx } from "../../storage/database.ts";
import { findInSlices } from "../../storage/chunked.ts";

export async function inquiryStatus(db: DbOrTx, inquiryId: string) {
  const inquiry = await db.inquiry.findUniqueOrThrow({ where: { id: inquiryId }, include: { targets: true } });
  const responses = await db.inquiryResponse.findMany({ where: { inquiryId, current: true } });
  // By code, those without one last (one query's ORDER BY, over slices of a list of any length).
  const bodies = (
    await findInSlices(
      inquiry.targets.map((t) => t.bodyId),
      (ids) => db.body.findMany({ where: { id: { in: ids } } }),
    )
  ).sort((a, b) => (a.code === b.code ? 0 : a.code === null ? 1 : b.code === null ? -1 : a.code < b.code ? -1 : 1));
  const answeredBy = new Map(responses.map((r) => [r.bodyId, r]));
  return {
    inquiry,
    answered: bodies.filter((b) => answeredBy.has(b.id)).map((b) => ({ body: b, response: answeredBy.get(b.id)! })),
    pending: bodies.filter((b) => !answeredBy.has(b.id)),
    total: bodies.length,
  };
}

// Progress of an inquiry: which target bodies have answered (with who and when) and which have not.
import type { DbOrTx } from "../../storage/database.ts";

export async function inquiryStatus(db: DbOrTx, inquiryId: string) {
  const inquiry = await db.inquiry.findUniqueOrThrow({ where: { id: inquiryId }, include: { targets: true } });
  const responses = await db.inquiryResponse.findMany({ where: { inquiryId, current: true } });
  const bodies = await db.body.findMany({ where: { id: { in: inquiry.targets.map((t) => t.bodyId) } }, orderBy: [{ code: { sort: "asc", nulls: "last" } }] });
  const answeredBy = new Map(responses.map((r) => [r.bodyId, r]));
  return {
    inquiry,
    answered: bodies.filter((b) => answeredBy.has(b.id)).map((b) => ({ body: b, response: answeredBy.get(b.id)! })),
    pending: bodies.filter((b) => !answeredBy.has(b.id)),
    total: bodies.length,
  };
}

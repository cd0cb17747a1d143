// A staff member reports their body's answer to an inquiry. Responses are append-only: the newest is
// flagged current, earlier ones stay with who and when.
import type { Db } from "../../storage/database.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";
import { DomainError } from "../errors.ts";

export async function respondToInquiry(db: Db, input: { inquiryId: string; personId: string; bodyId?: string; note?: string }, now: Date) {
  return db.$transaction(async (tx) => {
    const inquiry = await tx.inquiry.findUniqueOrThrow({ where: { id: input.inquiryId }, include: { targets: true } });
    if (inquiry.closedAt || now >= inquiry.dueAt) throw new DomainError("inquiries.closed", { number: inquiry.number });
    const memberships = await tx.staffMembership.findMany({
      where: { personId: input.personId, endedAt: null, bodyId: { in: inquiry.targets.map((t) => t.bodyId) } },
      include: { body: true },
    });
    const membership = input.bodyId ? memberships.find((m) => m.bodyId === input.bodyId) : memberships[0];
    if (!membership) throw new DomainError("inquiries.notAddressed", { number: inquiry.number });
    if (!input.bodyId && memberships.length > 1)
      throw new DomainError("inquiries.whichBody", { bodies: memberships.map((m) => m.body.name).join("、") });
    await tx.inquiryResponse.updateMany({
      where: { inquiryId: inquiry.id, bodyId: membership.bodyId, current: true },
      data: { current: false },
    });
    const response = await tx.inquiryResponse.create({
      data: {
        inquiryId: inquiry.id,
        bodyId: membership.bodyId,
        personId: input.personId,
        note: input.note?.trim() || null,
        current: true,
        respondedAt: now,
      },
    });
    await appendAuditEntry(tx, {
      actor: `person:${input.personId}`,
      action: "inquiries.respond",
      subject: `inquiry:${inquiry.id}`,
      payload: { bodyId: membership.bodyId, responseId: response.id },
      at: now,
    });
    return { inquiry, body: membership.body, response };
  });
}

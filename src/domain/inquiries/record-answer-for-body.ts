// The secretariat records a body's answer to an inquiry that came by phone, mail or on paper, for a body whose
// staff cannot report it in chat themselves. Like a staff member's report (respond-to-inquiry.ts) it is
// append-only: the new response becomes current and the earlier ones stay, and the person recorded is the one
// who entered it, so the record says who took the answer. An answer that arrives just after the deadline may
// still be recorded (the audit entry says it was late); a closed inquiry must be reopened first.
import type { Db } from "../../storage/database.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";
import { DomainError } from "../errors.ts";

export async function recordAnswerForBody(
  db: Db,
  input: { inquiryId: string; bodyId: string; recordedById: string; note?: string; actor: string },
  now: Date,
) {
  return db.$transaction(async (tx) => {
    const inquiry = await tx.inquiry.findUniqueOrThrow({ where: { id: input.inquiryId }, include: { targets: true } });
    if (inquiry.closedAt) throw new DomainError("inquiries.closed", { number: inquiry.number });
    if (!inquiry.targets.some((t) => t.bodyId === input.bodyId))
      throw new DomainError("console2.inquiry.notTarget", { number: inquiry.number });
    const body = await tx.body.findUniqueOrThrow({ where: { id: input.bodyId } });
    const note = input.note?.trim() || null;
    if (note && note.length > 500) throw new DomainError("console2.inquiry.noteTooLong", { max: 500 });
    await tx.inquiryResponse.updateMany({
      where: { inquiryId: inquiry.id, bodyId: body.id, current: true },
      data: { current: false },
    });
    const response = await tx.inquiryResponse.create({
      data: { inquiryId: inquiry.id, bodyId: body.id, personId: input.recordedById, note, current: true, respondedAt: now },
    });
    await appendAuditEntry(tx, {
      actor: input.actor,
      action: "inquiries.respond.recorded",
      subject: `inquiry:${inquiry.id}`,
      payload: { bodyId: body.id, responseId: response.id, late: now >= inquiry.dueAt },
      at: now,
    });
    return { inquiry, body, response };
  });
}

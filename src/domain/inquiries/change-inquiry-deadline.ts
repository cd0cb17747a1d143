// The secretariat moves an inquiry's deadline (extending an open one, or reopening a closed one until a new
// deadline) or closes it early. As for surveys (surveys/change-deadline.ts), the scheduler's reminders and
// automatic close are planned again after a move, and cancelled by an early close, so nobody is reminded of an
// inquiry that no longer takes answers.
import type { Db } from "../../storage/database.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";
import { DomainError } from "../errors.ts";
import { cancelDeadline, moveDeadline } from "../reminders/register-deadline.ts";
import { INQUIRY_SUBJECT } from "./create-inquiry.ts";

const inquiryTitle = (inquiry: { number: number; title: string }) => `照会${inquiry.number} ${inquiry.title}`;

export async function setInquiryDeadline(db: Db, input: { inquiryId: string; dueAt: Date; actor: string }, now: Date, zone: string) {
  if (input.dueAt <= now) throw new DomainError("reminders.deadlineInPast", {});
  const { inquiry, reopened } = await db.$transaction(async (tx) => {
    const before = await tx.inquiry.findUniqueOrThrow({ where: { id: input.inquiryId } });
    const wasClosed = Boolean(before.closedAt) || now >= before.dueAt;
    const updated = await tx.inquiry.update({ where: { id: before.id }, data: { dueAt: input.dueAt, closedAt: null } });
    await appendAuditEntry(tx, {
      actor: input.actor,
      action: wasClosed ? "inquiries.reopen" : "inquiries.extend",
      subject: `inquiry:${before.id}`,
      payload: { from: before.dueAt.toISOString(), to: input.dueAt.toISOString() },
      at: now,
    });
    return { inquiry: updated, reopened: wasClosed };
  });
  await moveDeadline(
    db,
    {
      councilId: inquiry.councilId,
      subjectType: INQUIRY_SUBJECT,
      subjectId: inquiry.id,
      title: inquiryTitle(inquiry),
      dueAt: inquiry.dueAt,
    },
    now,
    zone,
  );
  return { inquiry, reopened };
}

export async function closeInquiry(db: Db, input: { inquiryId: string; actor: string }, now: Date) {
  const inquiry = await db.$transaction(async (tx) => {
    const before = await tx.inquiry.findUniqueOrThrow({ where: { id: input.inquiryId } });
    if (before.closedAt) throw new DomainError("console2.inquiry.alreadyClosed", { number: before.number });
    const updated = await tx.inquiry.update({ where: { id: before.id }, data: { closedAt: now } });
    await appendAuditEntry(tx, {
      actor: input.actor,
      action: "inquiries.close",
      subject: `inquiry:${before.id}`,
      payload: { dueAt: before.dueAt.toISOString() },
      at: now,
    });
    return updated;
  });
  await cancelDeadline(db, INQUIRY_SUBJECT, inquiry.id, now);
  return inquiry;
}

// Connects inquiries to reminders and the automatic close.
import { appendAuditEntry } from "../audit/append-audit-entry.ts";
import { bodyContacts } from "../reminders/contacts.ts";
import type { ResponseTracker } from "../reminders/response-tracker.ts";
import { INQUIRY_SUBJECT } from "./create-inquiry.ts";
import { inquiryStatus } from "./inquiry-status.ts";

export const inquiryTracker: ResponseTracker = {
  subjectType: INQUIRY_SUBJECT,
  async describe(db, id) {
    const inquiry = await db.inquiry.findUnique({ where: { id } });
    if (!inquiry) return undefined;
    return { councilId: inquiry.councilId, title: `照会${inquiry.number} ${inquiry.title}`, dueAt: inquiry.dueAt, open: !inquiry.closedAt };
  },
  async pending(db, id) {
    const status = await inquiryStatus(db, id);
    const contacts = await bodyContacts(
      db,
      status.pending.map((b) => b.id),
    );
    return status.pending.map((b) => contacts.get(b.id)!).filter(Boolean);
  },
  async answerCommand(db, id) {
    const inquiry = await db.inquiry.findUniqueOrThrow({ where: { id } });
    return `inquiry ${inquiry.number}`;
  },
  async close(db, id, now) {
    await db.$transaction(async (tx) => {
      const { count } = await tx.inquiry.updateMany({ where: { id, closedAt: null }, data: { closedAt: now } });
      if (count === 1)
        await appendAuditEntry(tx, { actor: "system:scheduler", action: "inquiries.close", subject: `inquiry:${id}`, at: now });
    });
  },
};

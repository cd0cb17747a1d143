// The secretariat opens an inquiry (照会) to some or all member bodies with a due date: the bodies' staff
// are told at once, and reminders and the automatic close are planned. The result says whom it reached.
import type { Db } from "../../storage/database.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";
import { DomainError } from "../errors.ts";
import { registerDeadline } from "../reminders/register-deadline.ts";
import { announceInquiry } from "./announce-inquiry.ts";

export const INQUIRY_SUBJECT = "inquiry";

export interface InquiryInput {
  councilId: string;
  title: string;
  body?: string;
  dueAt: Date;
  /** undefined means every active member body */
  bodyIds?: string[];
  createdById: string;
  reminderOffsets?: number[];
}

export async function createInquiry(db: Db, input: InquiryInput, now: Date, zone: string) {
  const title = input.title.trim();
  if (title.length === 0 || title.length > 200) throw new DomainError("inquiries.badTitle", {});
  if (input.dueAt <= now) throw new DomainError("reminders.deadlineInPast", {});
  const bodyIds =
    input.bodyIds ??
    (await db.body.findMany({ where: { councilId: input.councilId, active: true }, select: { id: true } })).map((b) => b.id);
  if (bodyIds.length === 0) throw new DomainError("inquiries.noBodies", {});
  const { inquiry, reach } = await db.$transaction(
    async (tx) => {
      const last = await tx.inquiry.findFirst({
        where: { councilId: input.councilId },
        orderBy: { number: "desc" },
        select: { number: true },
      });
      const created = await tx.inquiry.create({
        data: {
          councilId: input.councilId,
          number: (last?.number ?? 0) + 1,
          title,
          body: input.body?.trim() ?? "",
          dueAt: input.dueAt,
          createdById: input.createdById,
          targets: { create: [...new Set(bodyIds)].map((bodyId) => ({ bodyId })) },
        },
      });
      await appendAuditEntry(tx, {
        actor: `person:${input.createdById}`,
        action: "inquiries.create",
        subject: `inquiry:${created.id}`,
        payload: { number: created.number, title, dueAt: input.dueAt.toISOString(), bodies: bodyIds.length },
        at: now,
      });
      return { inquiry: created, reach: await announceInquiry(tx, created, [...new Set(bodyIds)], now) };
    },
    { timeout: 60_000 },
  );
  await registerDeadline(
    db,
    {
      councilId: input.councilId,
      subjectType: INQUIRY_SUBJECT,
      subjectId: inquiry.id,
      title: `照会${inquiry.number} ${title}`,
      dueAt: input.dueAt,
      reminderOffsets: input.reminderOffsets,
    },
    now,
    zone,
  );
  return Object.assign(inquiry, { reach });
}

export async function findInquiry(db: Db, councilId: string, number: number) {
  const inquiry = await db.inquiry.findUnique({ where: { councilId_number: { councilId, number } } });
  if (!inquiry) throw new DomainError("inquiries.notFound", { number });
  return inquiry;
}

// "Send a reminder now" (web console): the secretariat chases the bodies or seats that have not answered yet,
// outside the planned reminders. The same reminder as the planned ones — who is pending is re-checked now, and
// the message goes out within office hours — under its own outbox source, so it neither replaces nor blocks a
// planned one. Audited with how many it reached.
import type { Db } from "../../storage/database.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";
import { DomainError } from "../errors.ts";
import type { TrackerRegistry } from "./response-tracker.ts";
import { sendReminder, type ReminderOutcome } from "./send-reminders.ts";

const DAY = 86_400_000;

export async function remindNow(
  db: Db,
  trackers: TrackerRegistry,
  input: { subjectType: string; subjectId: string; actor: string },
  now: Date,
): Promise<ReminderOutcome> {
  const deadline = await db.deadline.findUnique({
    where: { subjectType_subjectId: { subjectType: input.subjectType, subjectId: input.subjectId } },
  });
  if (!deadline || deadline.cancelledAt || deadline.dueAt <= now) throw new DomainError("web.remind.noDeadline", {});
  const offset = Math.floor((deadline.dueAt.getTime() - now.getTime()) / DAY);
  const outcome = await sendReminder(
    db,
    trackers,
    { deadlineId: deadline.id, offset, index: 0, source: `reminder:${deadline.id}:now:${now.toISOString()}` },
    now,
  );
  await appendAuditEntry(db, {
    actor: input.actor,
    action: "reminders.sendNow",
    subject: `${input.subjectType}:${input.subjectId}`,
    at: now,
    payload: outcome.sent
      ? { bodies: outcome.bodies, queued: outcome.queued, unreachable: outcome.unreachable }
      : { skipped: outcome.reason },
  });
  return outcome;
}

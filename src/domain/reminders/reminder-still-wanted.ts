// A reminder waits in the outbox until office hours; by the time it goes out its body may have answered,
// or the subject may have closed. The outbox asks this just before sending, so nobody is told
// 「まだ回答をいただいていません」 about something they already answered.
import type { Db } from "../../storage/database.ts";
import type { TrackerRegistry } from "./response-tracker.ts";

export const REMINDER_SOURCE_PREFIX = "reminder:";

/** The reason a queued reminder is no longer wanted, or undefined to send it. */
export function reminderStillWanted(db: Db, trackers: TrackerRegistry) {
  return async (delivery: { source: string; bodyId: string | null }, now: Date): Promise<string | undefined> => {
    // reminder:<deadline id>:<offset>, with "#<seat>" on email variants
    const deadlineId = delivery.source.slice(REMINDER_SOURCE_PREFIX.length).split(":")[0]!;
    const deadline = await db.deadline.findUnique({ where: { id: deadlineId } });
    if (!deadline) return undefined;
    if (deadline.cancelledAt) return "deadline cancelled";
    const tracker = trackers.get(deadline.subjectType);
    if (!tracker) return undefined;
    const subject = await tracker.describe(db, deadline.subjectId);
    if (!subject || !subject.open) return "closed before it went out";
    if (now >= subject.dueAt) return "deadline passed before it went out";
    if (!delivery.bodyId) return undefined;
    const pending = await tracker.pending(db, deadline.subjectId, now);
    return pending.some((p) => p.bodyId === delivery.bodyId) ? undefined : "answered before it went out";
  };
}

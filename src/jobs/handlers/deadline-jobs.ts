// Job handlers for deadlines: a reminder, and the automatic close when the deadline arrives.
import { closePayload, CLOSE_JOB, reminderPayload, REMINDER_JOB } from "../../domain/reminders/register-deadline.ts";
import type { TrackerRegistry } from "../../domain/reminders/response-tracker.ts";
import { sendReminder } from "../../domain/reminders/send-reminders.ts";
import { defineJob, type JobDefinition } from "../job-definition.ts";

export function deadlineJobs(trackers: TrackerRegistry): JobDefinition<unknown>[] {
  return [
    defineJob({
      kind: REMINDER_JOB,
      payload: reminderPayload,
      async run(ctx, payload) {
        const outcome = await sendReminder(ctx.db, trackers, payload, ctx.now);
        if (!outcome.sent) return { status: "skipped", reason: outcome.reason };
        return { status: "done", note: `bodies=${outcome.bodies} queued=${outcome.queued} unreachable=${outcome.unreachable}` };
      },
    }),
    defineJob({
      kind: CLOSE_JOB,
      payload: closePayload,
      async run(ctx, payload) {
        const deadline = await ctx.db.deadline.findUnique({ where: { id: payload.deadlineId } });
        if (!deadline || deadline.cancelledAt) return { status: "skipped", reason: "deadline cancelled" };
        const tracker = trackers.get(deadline.subjectType);
        const subject = await tracker?.describe(ctx.db, deadline.subjectId);
        if (!tracker?.close || !subject) return { status: "skipped", reason: "nothing to close" };
        // Re-check: the deadline may have been extended after this job was planned.
        if (ctx.now < subject.dueAt) return { status: "skipped", reason: "deadline was extended" };
        if (!subject.open) return { status: "skipped", reason: "already closed" };
        await tracker.close(ctx.db, deadline.subjectId, ctx.now);
        return { status: "done" };
      },
    }),
  ];
}

// Job handlers for broadcasts: the send at its time, and the report to the sender once every delivery
// has been sent or has failed.
import { z } from "zod";
import { broadcastSummary } from "../../domain/broadcasts/broadcast-summary.ts";
import { SEND_BROADCAST_JOB } from "../../domain/broadcasts/create-broadcast.ts";
import { reportToSender } from "../../domain/broadcasts/report-to-sender.ts";
import { sendBroadcast } from "../../domain/broadcasts/send-broadcast.ts";
import type { TrackerRegistry } from "../../domain/reminders/response-tracker.ts";
import { defineJob, type JobDefinition } from "../job-definition.ts";
import { enqueueJob } from "../job-store.ts";

export const REPORT_BROADCAST_JOB = "broadcast.report";
const payload = z.object({ broadcastId: z.string() });

export function broadcastJobs(trackers: TrackerRegistry): JobDefinition<unknown>[] {
  return [
    defineJob({
      kind: SEND_BROADCAST_JOB,
      payload,
      async run(ctx, { broadcastId }) {
        const result = await sendBroadcast(ctx.db, trackers, broadcastId, ctx.now);
        if (!result.sent) return { status: "skipped", reason: result.reason };
        await enqueueJob(ctx.db, {
          kind: REPORT_BROADCAST_JOB,
          key: `broadcast:${broadcastId}:report`,
          payload: { broadcastId },
          dueAt: new Date(ctx.now.getTime() + 60_000),
          maxAttempts: 12,
        });
        return { status: "done", note: `queued=${result.queued} unreachable=${result.unreachable}` };
      },
    }),
    defineJob({
      kind: REPORT_BROADCAST_JOB,
      payload,
      async run(ctx, { broadcastId }) {
        const summary = await broadcastSummary(ctx.db, broadcastId);
        // Still sending: fail this run so the job store retries it later with backoff.
        if (!summary.finished)
          throw new Error(`broadcast ${broadcastId} still has ${summary.counts.queued + summary.counts.sending} deliveries in progress`);
        await reportToSender(ctx.db, summary, ctx.now);
        return { status: "done" };
      },
    }),
  ];
}

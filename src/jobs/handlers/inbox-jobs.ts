// Pruning the inbox once a day (issue #14): handled events and dedupe keys older than a week go. Safe to
// run twice: deleting what is old is the same the second time.
import { z } from "zod";
import { pruneInbox } from "../../engine/inbox-store.ts";
import type { Db } from "../../storage/database.ts";
import { defineJob, type JobDefinition } from "../job-definition.ts";
import { defineRecurringJob } from "../recurring.ts";

export const INBOX_PRUNE_JOB = "inbox.prune";
const SCHEDULE = { name: "inbox-prune", cron: "30 3 * * *" };

export function inboxJobs(): JobDefinition<unknown>[] {
  return [
    defineJob({
      kind: INBOX_PRUNE_JOB,
      payload: z.object({ occurrence: z.string().optional() }),
      async run(ctx) {
        const pruned = await pruneInbox(ctx.db, ctx.now);
        return { status: "done", note: `pruned=${pruned}` };
      },
    }),
  ];
}

/** Puts the daily pruning on the schedule (at start; upserted, so defining it again changes nothing). */
export async function scheduleInboxPruning(db: Db, timezone: string, now: Date): Promise<void> {
  const existing = await db.recurringJob.findUnique({ where: { name: SCHEDULE.name } });
  if (existing?.cron === SCHEDULE.cron && existing.active) return;
  await defineRecurringJob(db, { ...SCHEDULE, kind: INBOX_PRUNE_JOB, timezone }, now);
}

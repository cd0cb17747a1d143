// The daily audit checkpoint: records the log's head and sends the signed checkpoint text to every secretariat
// member, so copies of it live outside the database (their chats and mailboxes). Safe to run twice: the checkpoint
// is keyed by the head's seq and its messages by that checkpoint. A job, not domain code: it joins the audit log
// and the outbox, which the audit area itself must not depend on.
import { secretariatMemberIds } from "../../domain/people/secretariat-members.ts";
import { z } from "zod";
import { defineJob, type JobDefinition } from "../job-definition.ts";
import { defineRecurringJob } from "../recurring.ts";
import type { Db } from "../../storage/database.ts";
import { translator } from "../../engine/i18n.ts";
import { textMessage } from "../../engine/messages.ts";
import { queueMessages } from "../../domain/delivery/queue-messages.ts";
import { createAuditCheckpoint, formatCheckpoint } from "../../domain/audit/audit-checkpoint.ts";

export const AUDIT_CHECKPOINT_JOB = "audit.checkpoint";

export function auditJobs(): JobDefinition<unknown>[] {
  return [
    defineJob({
      kind: AUDIT_CHECKPOINT_JOB,
      payload: z.object({}).passthrough(),
      async run(ctx) {
        const checkpoint = await createAuditCheckpoint(ctx.db, ctx.now);
        if (!checkpoint) return { status: "skipped", reason: "empty audit log" };
        const text = formatCheckpoint(checkpoint);
        // The log is the installation's: every council's secretariat keeps a copy of its checkpoint.
        const secretariat = await secretariatMemberIds(ctx.db);
        const queued = await queueMessages(ctx.db, {
          source: `audit-checkpoint:${checkpoint.seq}`,
          personIds: secretariat,
          render: (locale) => textMessage(translator(locale)("audit.checkpointNotice", { count: checkpoint.seq, checkpoint: text })),
          notBefore: ctx.now,
        });
        return { status: "done", note: `seq=${checkpoint.seq} queued=${queued.queued}` };
      },
    }),
  ];
}

/**
 * Schedules the checkpoint (by default 18:00 every day, after the office day's changes); a restart keeps the
 * schedule it has unless the cron changed. "off" stops it (the checkpoints then have to be taken by hand).
 */
export async function scheduleAuditCheckpoints(db: Db, cron: string, timezone: string, now: Date): Promise<void> {
  const existing = await db.recurringJob.findUnique({ where: { name: AUDIT_CHECKPOINT_JOB } });
  if (cron === "off") {
    if (existing?.active) await db.recurringJob.update({ where: { name: AUDIT_CHECKPOINT_JOB }, data: { active: false } });
    return;
  }
  if (!existing || existing.cron !== cron || !existing.active)
    await defineRecurringJob(db, { name: AUDIT_CHECKPOINT_JOB, cron, kind: AUDIT_CHECKPOINT_JOB, timezone }, now);
}

// Recurring jobs from cron expressions in the council's time zone. Each occurrence becomes an ordinary
// job with a unique key, so two processes materialising the same occurrence queue it once. After
// downtime only the latest missed occurrence runs (a missed monthly summary is sent once, not thrice).
import { z } from "zod";
import { readJsonColumn } from "../lib/json-column.ts";
import { CronExpressionParser } from "cron-parser";
import type { Logger } from "pino";
import type { Db } from "../storage/database.ts";
import { UserError } from "../lib/user-error.ts";
import { enqueueJob } from "./job-store.ts";

export function nextOccurrence(cron: string, after: Date, timezone: string): Date {
  try {
    return CronExpressionParser.parse(cron, { currentDate: after, tz: timezone }).next().toDate();
  } catch (error) {
    throw new UserError("jobs.badCron", { cron, reason: (error as Error).message });
  }
}

export async function defineRecurringJob(
  db: Db,
  input: { name: string; cron: string; kind: string; payload?: Record<string, unknown>; timezone: string },
  now: Date,
) {
  const nextRunAt = nextOccurrence(input.cron, now, input.timezone);
  const fields = {
    cron: input.cron,
    kind: input.kind,
    payload: JSON.stringify(input.payload ?? {}),
    timezone: input.timezone,
    active: true,
    nextRunAt,
  };
  return db.recurringJob.upsert({ where: { name: input.name }, create: { name: input.name, ...fields }, update: fields });
}

export async function materializeRecurringJobs(db: Db, now: Date, logger: Logger): Promise<number> {
  const due = await db.recurringJob.findMany({ where: { active: true, nextRunAt: { lte: now } } });
  let queued = 0;
  for (const recurring of due) {
    // The most recent occurrence at or before now: step from the stored one while the next is still due.
    let occurrence = recurring.nextRunAt;
    let skipped = 0;
    for (
      let next = nextOccurrence(recurring.cron, occurrence, recurring.timezone);
      next <= now;
      next = nextOccurrence(recurring.cron, next, recurring.timezone)
    ) {
      occurrence = next;
      skipped += 1;
    }
    if (skipped > 0)
      logger.warn({ recurring: recurring.name, skipped }, "missed occurrences of a recurring job skipped; running the latest");
    const payload = readJsonColumn(z.record(z.string(), z.unknown()), recurring.payload, `RecurringJob ${recurring.name}.payload`);
    if (
      await enqueueJob(db, {
        kind: recurring.kind,
        key: `recurring:${recurring.name}:${occurrence.toISOString()}`,
        payload: { ...payload, occurrence: occurrence.toISOString() },
        dueAt: occurrence,
      })
    )
      queued += 1;
    await db.recurringJob.updateMany({
      where: { id: recurring.id, nextRunAt: recurring.nextRunAt },
      data: { nextRunAt: nextOccurrence(recurring.cron, now, recurring.timezone) },
    });
  }
  return queued;
}

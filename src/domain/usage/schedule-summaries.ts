// The secretariat schedules the usage summaries (default: at 09:00 on the 5th, the previous month of every shared
// system; or once a year, the fiscal year just ended): a recurring job named after the council, the scope and the
// system, so scheduling the same thing again changes its time instead of adding a second one. The job's handler
// (jobs/handlers/usage-jobs.ts) posts through postUsageSummary. The change is audited like any other.
import { defineRecurringJob } from "../../jobs/recurring.ts";
import type { Db } from "../../storage/database.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";
import { DomainError } from "../errors.ts";
import { findSystem } from "./find-system.ts";

/** The recurring job kind the usage-summary handler runs. */
export const USAGE_SUMMARY_JOB = "usage.summary";

export type SummaryScope = "month" | "fiscal_year";

export interface ScheduleInput {
  councilId: string;
  cron: string;
  scope: string;
  /** one system's slug or name; every system when absent */
  system?: string;
  actor: string;
}

export async function scheduleUsageSummaries(db: Db, input: ScheduleInput, now: Date) {
  if (input.scope !== "month" && input.scope !== "fiscal_year") throw new DomainError("usage.cli.badScope", { scope: input.scope });
  const council = await db.council.findUniqueOrThrow({ where: { id: input.councilId } });
  const system = input.system ? await findSystem(db, input.councilId, input.system) : undefined;
  const name = `usage-summary:${council.slug}:${input.scope}${system ? `:${system.slug}` : ""}`;
  const job = await defineRecurringJob(
    db,
    {
      name,
      cron: input.cron.trim(),
      kind: USAGE_SUMMARY_JOB,
      timezone: council.timezone,
      payload: { councilId: council.id, scope: input.scope, ...(system ? { system: system.slug } : {}) },
    },
    now,
  );
  await appendAuditEntry(db, {
    actor: input.actor,
    action: "usage.summary.schedule",
    subject: `recurring:${name}`,
    payload: { cron: job.cron, scope: input.scope, system: system?.slug ?? null, nextRunAt: job.nextRunAt.toISOString() },
    at: now,
  });
  return { name, job };
}

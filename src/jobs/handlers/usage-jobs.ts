// The scheduled usage summary: each occurrence (e.g. 09:00 on the 5th of every month) posts the previous
// month of every shared system that has figures for it; a fiscal-year run (scope "fiscal_year", e.g. in
// April) posts the year just ended. Safe to run twice: posting is keyed by system and period.
import { z } from "zod";
import { fiscalYearOf, localDateOf } from "../../lib/japanese/era.ts";
import { postUsageSummary } from "../../domain/usage/post-summary.ts";
import { previousMonthOf } from "../../domain/usage/period.ts";
import { defineJob, type JobDefinition } from "../job-definition.ts";

import { USAGE_SUMMARY_JOB } from "../../domain/usage/schedule-summaries.ts";

export { USAGE_SUMMARY_JOB };

const payload = z.object({
  councilId: z.string().optional(),
  /** one system's slug; all systems when absent */
  system: z.string().optional(),
  scope: z.enum(["month", "fiscal_year"]).default("month"),
  occurrence: z.string().optional(),
});

export function usageJobs(): JobDefinition<unknown>[] {
  return [
    defineJob({
      kind: USAGE_SUMMARY_JOB,
      payload,
      async run(ctx, input) {
        const councils = await ctx.db.council.findMany({ where: input.councilId ? { id: input.councilId } : {} });
        let posted = 0;
        for (const council of councils) {
          const at = localDateOf(input.occurrence ? new Date(input.occurrence) : ctx.now, council.timezone);
          // The fiscal-year scope reports the last fiscal year that has fully ended.
          const period =
            input.scope === "fiscal_year" ? { fiscalYear: fiscalYearOf(at) - 1, month: 0 } : previousMonthOf(at.year, at.month);
          const systems = await ctx.db.sharedSystem.findMany({
            where: { councilId: council.id, ...(input.system ? { slug: input.system } : {}) },
          });
          for (const system of systems) {
            const result = await postUsageSummary(
              ctx.db,
              { councilId: council.id, systemId: system.id, period, actor: "system:scheduler" },
              ctx.now,
            );
            if (result.posted) posted += 1;
            else ctx.logger.info({ system: system.slug, period, reason: result.reason }, "usage summary not posted");
          }
        }
        return posted > 0 ? { status: "done", note: `posted=${posted}` } : { status: "skipped", reason: "no figures for the period" };
      },
    }),
  ];
}

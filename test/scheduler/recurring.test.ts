// Recurring jobs from cron expressions in Japan time: each occurrence is queued once, and after downtime
// only the latest missed occurrence runs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../src/config/logger.ts";
import { defineRecurringJob, materializeRecurringJobs, nextOccurrence } from "../../src/jobs/recurring.ts";
import { UserError } from "../../src/lib/user-error.ts";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";

const jst = (iso: string) => new Date(`${iso}+09:00`);
let kyodo: TestKyodo;
beforeAll(async () => {
  kyodo = await startTestKyodo({}, { http: false });
});
afterAll(async () => kyodo.dispose());

describe("recurring jobs", () => {
  it("reads cron in the council's time zone", () => {
    // 09:00 on the 1st of each month, Tokyo time.
    expect(nextOccurrence("0 9 1 * *", jst("2026-11-22T12:00:00"), "Asia/Tokyo")).toEqual(jst("2026-12-01T09:00:00"));
    expect(() => nextOccurrence("every monday", new Date(), "Asia/Tokyo")).toThrow(UserError);
  });

  it("queues each occurrence once and only the latest after downtime", async () => {
    await defineRecurringJob(
      kyodo.db,
      { name: "monthly-summary", cron: "0 9 1 * *", kind: "test.summary", timezone: "Asia/Tokyo" },
      jst("2026-11-22T12:00:00"),
    );
    expect(await materializeRecurringJobs(kyodo.db, jst("2026-11-30T09:00:00"), silentLogger())).toBe(0);
    expect(await materializeRecurringJobs(kyodo.db, jst("2026-12-01T09:00:05"), silentLogger())).toBe(1);
    expect(await materializeRecurringJobs(kyodo.db, jst("2026-12-01T09:00:20"), silentLogger())).toBe(0);
    // Down from mid-December until mid-March: January, February and March occurrences were missed.
    expect(await materializeRecurringJobs(kyodo.db, jst("2027-03-15T10:00:00"), silentLogger())).toBe(1);
    const jobs = await kyodo.db.job.findMany({ where: { kind: "test.summary" }, orderBy: { dueAt: "asc" } });
    expect(jobs.map((j) => j.dueAt)).toEqual([jst("2026-12-01T09:00:00"), jst("2027-03-01T09:00:00")]);
    const recurring = await kyodo.db.recurringJob.findUniqueOrThrow({ where: { name: "monthly-summary" } });
    expect(recurring.nextRunAt).toEqual(jst("2027-04-01T09:00:00"));
  });
});

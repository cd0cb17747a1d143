// The scheduler: node-cron only ticks; each tick turns due recurring schedules into jobs, runs the jobs
// that are due (claimed under a lease, so several Kyodo processes can share one database), and flushes
// the outbox. Jobs missed while Kyodo was down simply are due at the first tick; each handler decides
// whether its work still makes sense.
import { randomUUID } from "node:crypto";
import cron, { type ScheduledTask } from "node-cron";
import type { Logger } from "pino";
import type { Outbox } from "../delivery/outbox.ts";
import type { Db } from "../storage/database.ts";
import type { JobDefinition } from "./job-definition.ts";
import { claimDueJobs, failJob, finishJob, type JobRow } from "./job-store.ts";
import { materializeRecurringJobs } from "./recurring.ts";

const LEASE_MS = 5 * 60_000;

export interface TickReport {
  ran: number;
  skipped: number;
  failed: number;
}

export class Scheduler {
  readonly holder = `scheduler-${process.pid}-${randomUUID().slice(0, 8)}`;
  private readonly db: Db;
  private readonly logger: Logger;
  private readonly definitions = new Map<string, JobDefinition<unknown>>();
  private readonly outbox: Outbox | undefined;
  private readonly clock: () => Date;
  private task: ScheduledTask | undefined;
  private ticking: Promise<void> | undefined;

  constructor(options: { db: Db; logger: Logger; definitions: JobDefinition<unknown>[]; outbox?: Outbox; clock?: () => Date }) {
    this.db = options.db;
    this.logger = options.logger.child({ component: "scheduler" });
    for (const d of options.definitions) this.definitions.set(d.kind, d);
    this.outbox = options.outbox;
    this.clock = options.clock ?? (() => new Date());
  }

  /** Ticks every 15 seconds, and once right away to catch up on what was missed while down. */
  start(): void {
    this.task = cron.schedule("*/15 * * * * *", () => void this.tick());
    void this.tick();
  }

  async stop(): Promise<void> {
    await this.task?.stop();
    await this.ticking;
  }

  /** One pass of everything due; overlapping ticks wait for the running one instead of doubling it. */
  async tick(now = this.clock()): Promise<TickReport> {
    while (this.ticking) await this.ticking;
    let report: TickReport = { ran: 0, skipped: 0, failed: 0 };
    const run = (async () => {
      try {
        await materializeRecurringJobs(this.db, now, this.logger);
        report = await this.runDue(now);
        await this.outbox?.flush(now);
      } catch (error) {
        this.logger.error({ err: error }, "scheduler tick failed");
      }
    })();
    this.ticking = run;
    await run;
    this.ticking = undefined;
    return report;
  }

  /** Runs every job due at `now` (tests call this with a controlled clock). */
  async runDue(now: Date): Promise<TickReport> {
    const report: TickReport = { ran: 0, skipped: 0, failed: 0 };
    for (;;) {
      const jobs = await claimDueJobs(this.db, this.holder, now, LEASE_MS);
      if (jobs.length === 0) return report;
      for (const job of jobs) await this.runOne(job, now, report);
    }
  }

  private async runOne(job: JobRow, now: Date, report: TickReport): Promise<void> {
    const log = this.logger.child({ job: job.id, kind: job.kind, key: job.key });
    const definition = this.definitions.get(job.kind);
    try {
      if (!definition) throw new Error(`no handler for job kind ${job.kind}`);
      const payload = definition.payload.parse(JSON.parse(job.payload));
      const outcome = await definition.run({ db: this.db, logger: log, now, job }, payload);
      if (outcome.status === "skipped") {
        log.info({ reason: outcome.reason }, "job skipped");
        await finishJob(this.db, job, this.holder, "skipped", outcome.reason);
        report.skipped += 1;
      } else {
        await finishJob(this.db, job, this.holder, "done", outcome.note);
        report.ran += 1;
      }
    } catch (error) {
      const result = await failJob(this.db, job, this.holder, error, now);
      log.error({ err: error, result }, "job failed");
      report.failed += 1;
    }
  }
}

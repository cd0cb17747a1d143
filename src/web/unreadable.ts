// Stored rows the console cannot read (a submission's answers that fail their schema, a vote for an option the
// motion does not have, a damaged recorded tally). A page shows everything else and flags the row; the log names
// the row once per process, not on every page view and download, so one bad row does not flood the log while
// someone keeps the page open. The set is bounded: a database full of bad rows still logs, and memory stays flat.
import type { Logger } from "pino";

const REMEMBERED = 10_000;

export class UnreadableRows {
  private readonly logger: Logger;
  private readonly reported = new Set<string>();

  constructor(logger: Logger) {
    this.logger = logger;
  }

  /** Logs `where` (the row and column, e.g. "SurveySubmission ck….answers") the first time it is met. */
  report(where: string, problem: string): void {
    if (this.reported.has(where)) return;
    if (this.reported.size >= REMEMBERED) this.reported.clear();
    this.reported.add(where);
    this.logger.warn({ where, problem }, "the console met a stored row it cannot read; the page shows the rest and flags it");
  }
}

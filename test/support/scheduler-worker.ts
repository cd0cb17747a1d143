// A second Kyodo process for tests: runs the scheduler's due jobs against a shared database file and
// appends one line per job run to a file, so the test can see which process ran what.
// Usage: tsx scheduler-worker.ts <databaseUrl> <runsFile> <name> <nowIso>
import { appendFileSync } from "node:fs";
import { z } from "zod";
import { silentLogger } from "../../src/config/logger.ts";
import { defineJob } from "../../src/jobs/job-definition.ts";
import { Scheduler } from "../../src/jobs/scheduler.ts";
import { openDatabase } from "../../src/storage/database.ts";

const [databaseUrl, runsFile, name, nowIso] = process.argv.slice(2) as [string, string, string, string];
const db = openDatabase(databaseUrl);
const counting = defineJob({
  kind: "test.count",
  payload: z.object({ n: z.number() }),
  run(_ctx, { n }) {
    appendFileSync(runsFile, `${n} ${name}\n`);
    return Promise.resolve({ status: "done" as const });
  },
});
const scheduler = new Scheduler({ db, logger: silentLogger(), definitions: [counting] });
const report = await scheduler.runDue(new Date(nowIso));
process.stdout.write(JSON.stringify(report));
await db.$disconnect();

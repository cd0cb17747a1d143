// Two Kyodo processes on one database: every job runs exactly once, even when both tick at the same
// moment, and a job whose runner died is taken over when its lease expires.
import { afterAll, expect, it } from "vitest";
import { z } from "zod";
import { silentLogger } from "../../src/config/logger.ts";
import { defineJob } from "../../src/jobs/job-definition.ts";
import { claimDueJobs, enqueueJob } from "../../src/jobs/job-store.ts";
import { Scheduler } from "../../src/jobs/scheduler.ts";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runTs } from "../support/run-command.ts";
import { describeEachProvider } from "../support/postgres.ts";
import type { TestKyodo } from "../support/test-kyodo.ts";

describeEachProvider("two schedulers on one database", (provider) => {
  let kyodo: TestKyodo;
  const runsDir = mkdtempSync(join(tmpdir(), "kyodo-runs-"));
  afterAll(async () => {
    rmSync(runsDir, { recursive: true, force: true });
    await kyodo?.dispose();
  });

  it("run each of 120 jobs exactly once", async () => {
    kyodo = await provider.startKyodo({}, { http: false });
    const now = new Date("2026-11-24T01:00:00Z");
    for (let n = 0; n < 120; n++)
      await enqueueJob(kyodo.db, { kind: "test.count", key: `count:${n}`, payload: { n }, dueAt: new Date(now.getTime() - n * 1000) });
    // Two real processes, each with its own connection to the same database, started together.
    const runsFile = join(runsDir, `runs-${provider.name}.txt`);
    writeFileSync(runsFile, "");
    const results = await Promise.all(
      ["a", "b"].map((name) => runTs("test/support/scheduler-worker.ts", [kyodo.databaseUrl, runsFile, name, now.toISOString()], {})),
    );
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const lines = readFileSync(runsFile, "utf8").trim().split("\n");
    const byJob = new Map<string, string[]>();
    for (const line of lines) {
      const [n, who] = line.split(" ") as [string, string];
      byJob.set(n, [...(byJob.get(n) ?? []), who]);
    }
    expect(byJob.size).toBe(120);
    expect([...byJob.entries()].filter(([, who]) => who.length !== 1)).toEqual([]);
    const reports = results.map((r) => JSON.parse(r.stdout) as { ran: number });
    expect(reports[0]!.ran + reports[1]!.ran).toBe(120);
    expect(await kyodo.db.job.count({ where: { kind: "test.count", state: "done" } })).toBe(120);
  });

  it("a job held by a runner that died is taken over after its lease", async () => {
    const now = new Date("2026-11-24T02:00:00Z");
    await enqueueJob(kyodo.db, { kind: "test.count", key: "orphan", payload: { n: 999 }, dueAt: now });
    const [claimed] = await claimDueJobs(kyodo.db, "dead-process", now, 60_000);
    expect(claimed?.key).toBe("orphan");
    // Within the lease nobody else may take it…
    expect(await claimDueJobs(kyodo.db, "survivor", new Date(now.getTime() + 30_000), 60_000)).toEqual([]);
    // …after it, the survivor does.
    const retaken = await claimDueJobs(kyodo.db, "survivor", new Date(now.getTime() + 61_000), 60_000);
    expect(retaken.map((j) => [j.key, j.leaseHolder, j.attempts])).toEqual([["orphan", "survivor", 2]]);
  });

  it("a failing job is retried with backoff, then marked failed", async () => {
    let calls = 0;
    const failing = defineJob({
      kind: "test.fail",
      payload: z.object({}),
      run() {
        calls += 1;
        return Promise.reject(new Error("boom"));
      },
    });
    const scheduler = new Scheduler({ db: kyodo.db, logger: silentLogger(), definitions: [failing] });
    const start = new Date("2026-11-24T03:00:00Z");
    await enqueueJob(kyodo.db, { kind: "test.fail", key: "fail-1", payload: {}, dueAt: start, maxAttempts: 3 });
    await scheduler.runDue(start);
    const afterFirst = await kyodo.db.job.findUniqueOrThrow({ where: { key: "fail-1" } });
    expect([afterFirst.state, afterFirst.lastError]).toEqual(["pending", "boom"]);
    expect(afterFirst.dueAt.getTime() - start.getTime()).toBe(30_000);
    await scheduler.runDue(new Date(start.getTime() + 10_000)); // not yet due again
    expect(calls).toBe(1);
    await scheduler.runDue(new Date(start.getTime() + 3_600_000));
    await scheduler.runDue(new Date(start.getTime() + 7_200_000));
    expect(calls).toBe(3);
    expect((await kyodo.db.job.findUniqueOrThrow({ where: { key: "fail-1" } })).state).toBe("failed");
  });
});

// Acknowledgement benchmark (issue #15): Kyodo's Slack endpoint against a bare Bolt app that only
// acknowledges, in the same run, with the same signing secret and the same load generator (autocannon).
// Kyodo runs as its own process on a SQLite file behind the fake Slack of the tests, with an organ of
// `--seats` linked voters. Scenarios: `/kyodo home` of a linked member and a press of 「全議案に賛成」 (each
// voter once per scenario, on a ballot of its own) at 10 and 50 connections, and at a fixed 100 req/s.
// Fair and stable: both servers are warmed up first (200 requests each, not counted), then get the same
// `--requests` per run, alternately, `--runs` times (default 5), each run starting with Kyodo's inbox
// worked off; a row holds the median run of each (rate, p50, p99). A run of 300 requests lasts 0.05–0.3 s,
// so one GC pause or a descheduled thread moves its rate by a third: with 3 runs after 50 warm-up requests
// bare Bolt alone measured 2,500–6,500 req/s from run to run, and Kyodo's first run was always its
// slowest. Hence the longer warm-up and the five runs, every one of them recorded. The load generator
// runs in a thread of its own (bench-support/load-worker.mjs). The fixed-rate scenarios run once (a rate of 100/s measures latency, not capacity).
// After each scenario it waits for Kyodo's inbox to be worked off and records how long that took.
// Goals: Kyodo ≥ 50% of bare Bolt's throughput; p99 ≤ 100 ms at 100 req/s; work done within seconds.
// Writes scripts/bench-results/ack.json.
// Kyodo runs as the production build (built first; `--no-build` reuses dist/) unless `--tsx`; `--ab` measures
// it a second time with the inbox file's commits in a thread of their own (KYODO_INBOX_WRITE_THREAD=on), in
// the same run. Every row records the load average after it.
// Usage: npx tsx scripts/bench-ack.ts [--seats 1800] [--requests 300] [--runs 5] [--tsx] [--no-build] [--ab]
//        [--only <part of a scenario's name>] [--profile <folder for node --cpu-prof>]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { openDatabase, inboxDbOf } from "../src/storage/database.ts";
import { ROOT } from "../test/support/run-command.ts";
import { FakeSlack } from "../test/slack/support/fake-slack.ts";
import {
  benchOrgan,
  FORM,
  homeCommand,
  load,
  machine,
  openBallot,
  openQuestions,
  rssMb,
  runtimeFrom,
  startBareBolt,
  startKyodo,
  until,
  type LoadResult,
} from "./bench-support/slack-bench.ts";

const { values: args } = parseArgs({
  options: {
    seats: { type: "string", default: "1800" },
    requests: { type: "string", default: "300" },
    runs: { type: "string", default: "5" },
    /** run Kyodo from source under tsx instead of the production build */
    tsx: { type: "boolean" },
    /** use dist/ as it is instead of building it first */
    "no-build": { type: "boolean" },
    /** also measure Kyodo with the inbox file's commits in a thread of their own (KYODO_INBOX_WRITE_THREAD=on) */
    ab: { type: "boolean" },
    /** only the scenarios whose name contains this (e.g. "10 connections"); the JSON is then not written */
    only: { type: "string" },
    /** write CPU profiles of Kyodo (every thread) into this folder (node --cpu-prof) */
    profile: { type: "string" },
  },
});
const SEATS = Number(args.seats);
const RUNS = Math.max(1, Number(args.runs));
const WARM_UP = 200;
// Every voter presses once per scenario: the runs and the warm-up must fit in the organ.
const REQUESTS = Math.min(Number(args.requests), Math.floor((SEATS - WARM_UP) / RUNS));
const runtime = runtimeFrom(args);

const fake = await FakeSlack.start();
const bare = await startBareBolt(runtime);
const before = machine();

type Load = { connections: number; amount: number; overallRate?: number };
type Bodies = { measured(): () => string; warmUp(): () => string };
type Variant = "commits on the acknowledging thread" | "write thread";
interface Row {
  scenario: string;
  variant: Variant;
  /** the median run of each (by rate; p50 and p99 are the medians of the runs' values) */
  bareBolt: LoadResult;
  kyodo: LoadResult;
  runs: Array<{ bareRps: number; kyodoRps: number; bareP99: number; kyodoP99: number }>;
  kyodoShareOfBare: number;
  kyodoWorkDoneAfterS: number;
  kyodoRssMb?: number;
  load: number[];
}
const rows: Row[] = [];
const peakRss: Record<string, number> = {};

/** One Kyodo (its own SQLite file and organ) through the six scenarios. */
async function measure(variant: Variant): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "kyodo-bench-ack-"));
  const databaseUrl = `file:${join(dir, "kyodo.db")}`;
  const env: Record<string, string> = variant === "write thread" ? { KYODO_INBOX_WRITE_THREAD: "on" } : {};
  if (args.profile) env.NODE_OPTIONS = `--cpu-prof --cpu-prof-interval=100 --cpu-prof-dir=${args.profile}`;
  const kyodo = await startKyodo(fake, databaseUrl, env, runtime);
  const db = openDatabase(databaseUrl);
  const council = await db.council.findFirstOrThrow();
  const organ = await benchOrgan(db, council.id, "zenkoku", SEATS);
  let peak = 0;
  const sampler = setInterval(() => void rssMb(kyodo.process.pid).then((mb) => (peak = Math.max(peak, mb ?? 0))), 200);

  /** Seconds from the end of the load until Kyodo's inbox has nothing pending or running (up to 10 minutes). */
  async function drain(): Promise<number> {
    const started = Date.now();
    await until(
      "the inbox to settle",
      async () => (await inboxDbOf(db).inboxEvent.count({ where: { status: { in: ["pending", "running"] } } })) === 0,
      600_000,
      250,
    );
    return Number(((Date.now() - started) / 1000).toFixed(1));
  }

  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  /** The run whose rate is the median, with p50 and p99 replaced by the medians of all runs. */
  const medianRun = (results: LoadResult[]): LoadResult => {
    const byRate = [...results].sort((a, b) => a.rps - b.rps)[Math.floor(results.length / 2)]!;
    return { ...byRate, p50: median(results.map((r) => r.p50)), p99: median(results.map((r) => r.p99)) };
  };

  async function scenario(name: string, bodies: Bodies, options: Load): Promise<void> {
    const signed = (next: () => string) => () => ({ body: next(), contentType: FORM });
    const runs = options.overallRate ? 1 : RUNS;
    // Warm-up (not counted): the JIT and the connections of both servers, with requests of the same kind.
    await load(bare.baseUrl, signed(bodies.warmUp()), { connections: options.connections, amount: WARM_UP });
    await load(kyodo.baseUrl, signed(bodies.warmUp()), { connections: options.connections, amount: WARM_UP });
    await drain();
    const bareRuns: LoadResult[] = [];
    const kyodoRuns: LoadResult[] = [];
    // Bare Bolt gets the same requests as Kyodo, run for run.
    const bareNext = bodies.measured();
    const kyodoNext = bodies.measured();
    // Each run starts with Kyodo's inbox worked off: the work of one run (Kyodo's worker, its replies
    // to the fake Slack) would otherwise take CPU from the next, bare Bolt's as much as Kyodo's.
    for (let run = 0; run < runs; run++) {
      await drain();
      bareRuns.push(await load(bare.baseUrl, signed(bareNext), options));
      await drain();
      kyodoRuns.push(await load(kyodo.baseUrl, signed(kyodoNext), options));
    }
    const bareResult = medianRun(bareRuns);
    const kyodoResult = medianRun(kyodoRuns);
    const rss = await rssMb(kyodo.process.pid);
    const after = await drain();
    const row: Row = {
      scenario: name,
      variant,
      bareBolt: bareResult,
      kyodo: kyodoResult,
      runs: bareRuns.map((b, k) => ({ bareRps: b.rps, kyodoRps: kyodoRuns[k]!.rps, bareP99: b.p99, kyodoP99: kyodoRuns[k]!.p99 })),
      kyodoShareOfBare: Number((kyodoResult.rps / bareResult.rps).toFixed(3)),
      kyodoWorkDoneAfterS: after,
      kyodoRssMb: rss,
      load: machine().load,
    };
    rows.push(row);
    process.stdout.write(
      `${name} (${variant}): bare Bolt ${bareResult.rps} req/s p99 ${bareResult.p99} ms | Kyodo ${kyodoResult.rps} req/s ` +
        `p99 ${kyodoResult.p99} ms (${Math.round(row.kyodoShareOfBare * 100)}%; runs ${row.runs.map((r) => r.kyodoRps).join(", ")}), ` +
        `non-2xx ${kyodoRuns.reduce((n, r) => n + r.non2xx, 0)}, errors ${kyodoRuns.reduce((n, r) => n + r.errors, 0)}, ` +
        `work done ${after} s after (load ${row.load[0]})\n`,
    );
  }

  /** The measured requests (the same sequence for both servers, from the first person on) and the
   *  warm-up's (from the last people, whom the runs do not reach). */
  const sequences = (make: (k: number) => string): Bodies => ({
    measured: () => {
      let k = 0;
      return () => make(k++);
    },
    warmUp: () => {
      let k = SEATS - WARM_UP;
      return () => make(k++);
    },
  });
  const homes = sequences((k) => homeCommand(fake, organ.people[k % organ.people.length]!));
  /** Every voter presses once per scenario, on a ballot opened for that scenario. */
  async function votes(title: string): Promise<Bodies> {
    const createdAt = new Date();
    const ballot = await openBallot(db, council.id, organ.organId, title);
    // The call to vote is bench-fanout's subject, not this one's.
    await db.delivery.deleteMany({ where: { createdAt: { gte: createdAt } } });
    const presses = await openQuestions(kyodo, fake, db, organ, ballot.number);
    await drain();
    return sequences((k) => presses[k % presses.length]!);
  }

  const wanted = (name: string) => !args.only || name.includes(args.only);
  const plan: Array<[string, () => Promise<Bodies>, Load]> = [
    ["/kyodo home, 10 connections", () => Promise.resolve(homes), { connections: 10, amount: REQUESTS }],
    ["/kyodo home, 50 connections", () => Promise.resolve(homes), { connections: 50, amount: REQUESTS }],
    ["/kyodo home, 100 req/s", () => Promise.resolve(homes), { connections: 10, amount: REQUESTS, overallRate: 100 }],
    ["vote button, 10 connections", () => votes("負荷試験 10"), { connections: 10, amount: REQUESTS }],
    ["vote button, 50 connections", () => votes("負荷試験 50"), { connections: 50, amount: REQUESTS }],
    ["vote button, 100 req/s", () => votes("負荷試験 100/s"), { connections: 10, amount: REQUESTS, overallRate: 100 }],
  ];
  for (const [name, bodies, options] of plan) if (wanted(name)) await scenario(name, await bodies(), options);
  clearInterval(sampler);
  peakRss[variant] = peak;
  await db.$disconnect();
  await kyodo.stop();
  rmSync(dir, { recursive: true, force: true });
}

await measure("commits on the acknowledging thread");
if (args.ab) await measure("write thread");
const ours = rows.filter((r) => r.variant === "commits on the acknowledging thread");

const summary = {
  measuredAt: new Date().toISOString(),
  machine: { ...before, loadAfter: machine().load },
  command: `npx tsx scripts/bench-ack.ts --seats ${SEATS} --requests ${REQUESTS} --runs ${RUNS}${args.tsx ? " --tsx" : ""}${args.ab ? " --ab" : ""}`,
  runtime: runtime === "dist" ? "production build: node dist/main.js" : "tsx src/main.ts",
  requestsPerRun: REQUESTS,
  runsPerScenario: RUNS,
  warmUpRequests: WARM_UP,
  seats: SEATS,
  peakRssMb: peakRss,
  scenarios: rows,
  goals: {
    "Kyodo >= 50% of bare Bolt throughput": ours.filter((r) => !r.scenario.includes("req/s")).every((r) => r.kyodoShareOfBare >= 0.5),
    "p99 <= 100 ms at 100 req/s": ours.filter((r) => r.scenario.includes("req/s")).every((r) => r.kyodo.p99 <= 100),
    "work done within 10 s at 100 req/s": ours.filter((r) => r.scenario.includes("req/s")).every((r) => r.kyodoWorkDoneAfterS <= 10),
  },
};
// A partial run (--only, --profile) is for looking into something, not the record.
if (!args.only && !args.profile) {
  mkdirSync(join(ROOT, "scripts/bench-results"), { recursive: true });
  writeFileSync(join(ROOT, "scripts/bench-results/ack.json"), `${JSON.stringify(summary, null, 2)}\n`);
}
process.stdout.write(`${JSON.stringify(summary.goals, null, 2)}\n`);
await bare.stop();
await fake.close();

// Acknowledgement benchmark (issue #15): Kyodo's Slack endpoint against a bare Bolt app that only
// acknowledges, in the same run, with the same signing secret and the same load generator (autocannon).
// Kyodo runs as its own process on a SQLite file behind the fake Slack of the tests, with an organ of
// `--seats` linked voters. Scenarios: `/kyodo home` of a linked member and a press of 「全議案に賛成」 (each
// voter once per scenario, on a ballot of its own) at 10 and 50 connections, and at a fixed 100 req/s;
// `--requests` requests per scenario (a fixed count rather than a duration: every request Kyodo
// acknowledges is work that must then be done, and the bench waits for it).
// After each Kyodo scenario it waits for the inbox to be worked off and records how long that took.
// Goals: Kyodo ≥ 50% of bare Bolt's throughput; p99 ≤ 100 ms at 100 req/s; work done within seconds.
// Writes scripts/bench-results/ack.json.
// Kyodo runs as the production build (built first; `--no-build` reuses dist/) unless `--tsx`; `--ab` measures
// it a second time with the inbox's work on the main thread (KYODO_INBOX_THREAD=off), in the same run.
// Every row records the load average after it.
// Usage: npx tsx scripts/bench-ack.ts [--seats 1000] [--requests 500] [--tsx] [--no-build] [--ab]
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
    seats: { type: "string", default: "1000" },
    requests: { type: "string", default: "500" },
    /** run Kyodo from source under tsx instead of the production build */
    tsx: { type: "boolean" },
    /** use dist/ as it is instead of building it first */
    "no-build": { type: "boolean" },
    /** also measure Kyodo with its inbox work on the main thread (KYODO_INBOX_THREAD=off), in the same run */
    ab: { type: "boolean" },
    /** only the scenarios whose name contains this (e.g. "10 connections"); the JSON is then not written */
    only: { type: "string" },
    /** write CPU profiles of Kyodo (every thread) into this folder (node --cpu-prof) */
    profile: { type: "string" },
  },
});
const SEATS = Number(args.seats);
const REQUESTS = Math.min(Number(args.requests), SEATS);
const runtime = runtimeFrom(args);

const fake = await FakeSlack.start();
const bare = await startBareBolt(runtime);
const before = machine();

type Load = { connections: number; durationS?: number; amount?: number; overallRate?: number };
interface Row {
  scenario: string;
  inboxWork: "worker thread" | "main thread";
  bareBolt: LoadResult;
  kyodo: LoadResult;
  kyodoShareOfBare: number;
  kyodoWorkDoneAfterS: number;
  kyodoRssMb?: number;
  load: number[];
}
const rows: Row[] = [];
const peakRss: Record<string, number> = {};

/** One Kyodo (its own SQLite file and organ) through the six scenarios. */
async function measure(inboxWork: Row["inboxWork"]): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "kyodo-bench-ack-"));
  const databaseUrl = `file:${join(dir, "kyodo.db")}`;
  const env: Record<string, string> = inboxWork === "main thread" ? { KYODO_INBOX_THREAD: "off" } : {};
  if (args.profile) env.NODE_OPTIONS = `--cpu-prof --cpu-prof-dir=${args.profile}`;
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

  async function scenario(name: string, bodies: () => () => string, options: Load): Promise<void> {
    // Bare Bolt has no work to wait for: at full speed it gets more requests, so its run is long enough to measure.
    const bareOptions = options.overallRate ? options : { ...options, amount: (options.amount ?? REQUESTS) * 4 };
    const bareResult = await load(bare.baseUrl, ((next) => () => ({ body: next(), contentType: FORM }))(bodies()), bareOptions);
    const kyodoResult = await load(kyodo.baseUrl, ((next) => () => ({ body: next(), contentType: FORM }))(bodies()), options);
    const rss = await rssMb(kyodo.process.pid);
    const after = await drain();
    const row: Row = {
      scenario: name,
      inboxWork,
      bareBolt: bareResult,
      kyodo: kyodoResult,
      kyodoShareOfBare: Number((kyodoResult.rps / bareResult.rps).toFixed(3)),
      kyodoWorkDoneAfterS: after,
      kyodoRssMb: rss,
      load: machine().load,
    };
    rows.push(row);
    process.stdout.write(
      `${name} (work on the ${inboxWork}): bare Bolt ${bareResult.rps} req/s p99 ${bareResult.p99} ms | Kyodo ${kyodoResult.rps} req/s ` +
        `p99 ${kyodoResult.p99} ms, non-2xx ${kyodoResult.non2xx}, errors ${kyodoResult.errors}, work done ${after} s after ` +
        `(load ${row.load[0]})\n`,
    );
  }

  let homeSeq = 0;
  const homes = () => () => homeCommand(fake, organ.people[homeSeq++ % organ.people.length]!);
  /** Every voter presses once per scenario, on a ballot opened for that scenario. */
  async function votes(title: string): Promise<() => () => string> {
    const createdAt = new Date();
    const ballot = await openBallot(db, council.id, organ.organId, title);
    // The call to vote is bench-fanout's subject, not this one's.
    await db.delivery.deleteMany({ where: { createdAt: { gte: createdAt } } });
    const presses = await openQuestions(kyodo, fake, db, organ, ballot.number);
    await drain();
    // Bare Bolt gets the same presses; Kyodo gets each once.
    return () => {
      let i = 0;
      return () => presses[i++ % presses.length]!;
    };
  }

  const wanted = (name: string) => !args.only || name.includes(args.only);
  const plan: Array<[string, () => Promise<() => () => string>, Load]> = [
    ["/kyodo home, 10 connections", () => Promise.resolve(homes), { connections: 10, amount: REQUESTS }],
    ["/kyodo home, 50 connections", () => Promise.resolve(homes), { connections: 50, amount: REQUESTS }],
    ["/kyodo home, 100 req/s", () => Promise.resolve(homes), { connections: 10, amount: REQUESTS, overallRate: 100 }],
    ["vote button, 10 connections", () => votes("負荷試験 10"), { connections: 10, amount: REQUESTS }],
    ["vote button, 50 connections", () => votes("負荷試験 50"), { connections: 50, amount: REQUESTS }],
    ["vote button, 100 req/s", () => votes("負荷試験 100/s"), { connections: 10, amount: REQUESTS, overallRate: 100 }],
  ];
  for (const [name, bodies, options] of plan) if (wanted(name)) await scenario(name, await bodies(), options);
  clearInterval(sampler);
  peakRss[inboxWork] = peak;
  await db.$disconnect();
  await kyodo.stop();
  rmSync(dir, { recursive: true, force: true });
}

await measure("worker thread");
if (args.ab) await measure("main thread");
const ours = rows.filter((r) => r.inboxWork === "worker thread");

const summary = {
  measuredAt: new Date().toISOString(),
  machine: { ...before, loadAfter: machine().load },
  command: `npx tsx scripts/bench-ack.ts --seats ${SEATS} --requests ${REQUESTS}${args.tsx ? " --tsx" : ""}${args.ab ? " --ab" : ""}`,
  runtime: runtime === "dist" ? "production build: node dist/main.js" : "tsx src/main.ts",
  requestsPerScenario: REQUESTS,
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

// Queries per event (issue #15, "profile first"): a Kyodo in this process behind the fake Slack, an organ
// of `--seats` linked voters with an open ballot; then one `/kyodo home` of a linked member and one press
// of 「全議案に賛成」 at a time, each worked to its end, counting the SQL statements and transactions the
// process sent (src/storage/priority-lane.ts counts them at the driver adapter) and the CPU time used.
// Writes scripts/bench-results/queries-per-event.json.
// `--profile` also profiles the CPU of the homes and votes (scripts/bench-results/home|vote.cpuprofile) and lists where it went.
// Then the work's capacity: `--burst` homes (then votes) of different people posted at once, and how long the
// engine takes to work them all off, with its CPU — events per second the work can keep up with.
// Usage: npx tsx scripts/bench-queries.ts [--seats 2000] [--events 20] [--burst 300] [--trace] [--profile]
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { statementCount } from "../src/storage/priority-lane.ts";
import { ROOT } from "../test/support/run-command.ts";
import { startTestKyodo } from "../test/support/test-kyodo.ts";
import { BOT_TOKEN, FakeSlack } from "../test/slack/support/fake-slack.ts";
import { CpuProfiler } from "./bench-support/cpu-profile.ts";
import { benchOrgan, FORM, homeCommand, machine, openBallot, openQuestions, post, SECRET } from "./bench-support/slack-bench.ts";

const { values: args } = parseArgs({
  options: {
    seats: { type: "string", default: "2000" },
    events: { type: "string", default: "20" },
    trace: { type: "boolean" },
    profile: { type: "boolean" },
    burst: { type: "string", default: "300" },
  },
});
const SEATS = Number(args.seats);
const EVENTS = Number(args.events);

const fake = await FakeSlack.start();
const kyodo = await startTestKyodo({ SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: fake.apiUrl });
const organ = await benchOrgan(kyodo.db, kyodo.council.id, "zenkoku", SEATS);
const ballot = await openBallot(kyodo.db, kyodo.council.id, organ.organId, "全国協議会 書面表決（計測）");
const presses = await openQuestions(kyodo, fake, kyodo.db, organ, ballot.number);

/** Sends one event, waits until its work is done, and returns what it cost. */
async function measure(body: string): Promise<{ statements: number; transactions: number; commits: number; cpuMs: number; ms: number }> {
  await kyodo.inbox.idle();
  const before = { ...statementCount };
  const tracing = statementCount.trace;
  statementCount.trace = [];
  const cpu = process.cpuUsage();
  const started = performance.now();
  const status = await post(kyodo.baseUrl, body, FORM);
  if (status !== 200) throw new Error(`bench: Kyodo answered ${status}`);
  // The acknowledgement came after the event was queued here; idle() waits for its work and reply.
  await kyodo.inbox.idle();
  const used = process.cpuUsage(cpu);
  const trace = statementCount.trace;
  statementCount.trace = tracing === undefined ? undefined : [...tracing, ...trace];
  return {
    statements: statementCount.statements - before.statements,
    transactions: statementCount.transactions - before.transactions,
    // What SQLite commits (each a sync of its journal): every transaction, and every write outside one.
    commits: trace.filter((sql) => sql === "BEGIN" || /^\s*(INSERT|UPDATE|DELETE)\b/i.test(sql)).length,
    cpuMs: (used.user + used.system) / 1000,
    ms: performance.now() - started,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Number(sorted[Math.floor(sorted.length / 2)]!.toFixed(1));
}

const home: Array<Awaited<ReturnType<typeof measure>>> = [];
const vote: Array<Awaited<ReturnType<typeof measure>>> = [];
// A first one warms up (caches, the query compiler).
await measure(homeCommand(fake, organ.people[0]!));
/** Runs the events, under the CPU profiler with --profile (scripts/bench-results/<name>.cpuprofile). */
async function profiled(name: string, run: () => Promise<void>): Promise<void> {
  const profiler = args.profile ? new CpuProfiler() : undefined;
  await profiler?.start();
  await run();
  const layers = await profiler?.stop(join(ROOT, `scripts/bench-results/${name}.cpuprofile`));
  if (layers) process.stdout.write(`${name} CPU by layer (%): ${JSON.stringify(layers)}\n`);
}
await profiled("home", async () => {
  for (let i = 1; i <= EVENTS; i++) home.push(await measure(homeCommand(fake, organ.people[i]!)));
});
await profiled("vote", async () => {
  for (let i = 1; i <= EVENTS; i++) vote.push(await measure(presses[i]!));
});

// One of each, statement by statement, with --trace.
if (args.trace) {
  for (const [name, body] of [
    ["home", homeCommand(fake, organ.people[EVENTS + 1]!)],
    ["vote", presses[EVENTS + 1]!],
  ] as const) {
    statementCount.trace = [];
    await measure(body);
    process.stdout.write(
      `--- ${name}: ${statementCount.trace.length} statements\n${statementCount.trace.map((s) => s.replace(/\s+/g, " ").slice(0, 160)).join("\n")}\n`,
    );
    statementCount.trace = undefined;
  }
}

/** Posts the bodies at once (20 at a time), then waits until the engine has worked them all off. */
async function burst(bodies: string[]): Promise<{ events: number; seconds: number; perSecond: number; cpuMsPerEvent: number }> {
  await kyodo.inbox.idle();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const queue = [...bodies];
  await Promise.all(
    Array.from({ length: 20 }, async () => {
      for (let body = queue.shift(); body !== undefined; body = queue.shift()) {
        const status = await post(kyodo.baseUrl, body, FORM);
        if (status !== 200) throw new Error(`bench: Kyodo answered ${status}`);
      }
    }),
  );
  await kyodo.inbox.idle();
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return {
    events: bodies.length,
    seconds: Number(seconds.toFixed(2)),
    perSecond: Number((bodies.length / seconds).toFixed(1)),
    cpuMsPerEvent: Number(((used.user + used.system) / 1000 / bodies.length).toFixed(1)),
  };
}
const BURST = Number(args.burst);
const firstFree = EVENTS + 2;
if (firstFree + BURST > SEATS) throw new Error(`bench: --burst ${BURST} needs --seats ${firstFree + BURST} or more`);
const capacity =
  BURST > 0
    ? {
        home: await burst(organ.people.slice(firstFree, firstFree + BURST).map((person) => homeCommand(fake, person))),
        vote: await burst(presses.slice(firstFree, firstFree + BURST)),
      }
    : undefined;

const summary = {
  measuredAt: new Date().toISOString(),
  machine: machine(),
  command: `npx tsx scripts/bench-queries.ts --seats ${SEATS} --events ${EVENTS} --burst ${BURST}`,
  seats: SEATS,
  note: "statements counted at the driver adapter, including the inbox's own (insert, claim, read, done)",
  home: {
    statements: median(home.map((m) => m.statements)),
    transactions: median(home.map((m) => m.transactions)),
    commits: median(home.map((m) => m.commits)),
    cpuMs: median(home.map((m) => m.cpuMs)),
  },
  vote: {
    statements: median(vote.map((m) => m.statements)),
    transactions: median(vote.map((m) => m.transactions)),
    commits: median(vote.map((m) => m.commits)),
    cpuMs: median(vote.map((m) => m.cpuMs)),
  },
  capacity,
};
process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
mkdirSync(join(ROOT, "scripts/bench-results"), { recursive: true });
writeFileSync(join(ROOT, "scripts/bench-results/queries-per-event.json"), `${JSON.stringify(summary, null, 2)}\n`);
await kyodo.dispose();
await fake.close();

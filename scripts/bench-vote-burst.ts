// Vote burst benchmark (issue #15): an organ of 2,000 seats, 2,000 linked Slack voters with the vote
// question open, every one presses 「全議案に賛成」 within 10 s (autocannon at a fixed 200 presses/s) against a
// real Kyodo process (SQLite file, fake Slack on loopback). Measures the acknowledgement latency, how long
// until every press was worked on, the votes recorded (lost, counted twice), the receipts, and Kyodo's
// RSS (sampled every 200 ms). Goals: p99 ack ≤ 200 ms, 2,000 recorded, 0 lost, 0 duplicated, RSS < 400 MB.
// Writes scripts/bench-results/vote-burst.json.
// Kyodo runs as the production build (built first; `--no-build` reuses dist/) unless `--tsx`; the inbox's
// work runs in its worker thread unless `--single-thread`; `--write-thread` puts the inbox file's commits in
// a thread of their own (KYODO_INBOX_WRITE_THREAD=on). Variants write vote-burst-variant.json.
// Usage: npx tsx scripts/bench-vote-burst.ts [--seats 2000] [--rate 200] [--tsx] [--no-build] [--single-thread] [--write-thread]
//          [--cpu-prof] [--node-options=--max-old-space-size=256]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { openDatabase, inboxDbOf } from "../src/storage/database.ts";
import { ROOT } from "../test/support/run-command.ts";
import { startCluster, stopCluster, withDatabase } from "../test/support/postgres-cluster.ts";
import { FakeSlack } from "../test/slack/support/fake-slack.ts";
import {
  benchOrgan,
  FORM,
  load,
  machine,
  openBallot,
  openQuestions,
  rssMb,
  runtimeFrom,
  startKyodo,
  until,
} from "./bench-support/slack-bench.ts";

const { values: args } = parseArgs({
  options: {
    seats: { type: "string", default: "2000" },
    rate: { type: "string", default: "200" },
    /** "even" (request k at k / rate s) or "random" (independent presses: a Poisson process of the same rate) */
    arrivals: { type: "string", default: "even" },
    "cpu-prof": { type: "boolean" },
    /** extra Node options for Kyodo, e.g. "--max-old-space-size=192" */
    "node-options": { type: "string", default: "" },
    /** run Kyodo from source under tsx instead of the production build */
    tsx: { type: "boolean" },
    /** use dist/ as it is instead of building it first */
    "no-build": { type: "boolean" },
    /** the inbox's work on the main thread (KYODO_INBOX_THREAD=off), to compare */
    "single-thread": { type: "boolean" },
    /** the inbox file's commits in a thread of their own (KYODO_INBOX_WRITE_THREAD=on), to compare */
    "write-thread": { type: "boolean" },
    /** the same burst on PostgreSQL: a throw-away cluster (Debian's postgresql), as scripts/scale-out.ts starts */
    postgres: { type: "boolean" },
  },
});
const runtime = runtimeFrom(args);
const random = args.arrivals === "random";
const SEATS = Number(args.seats);
const RATE = Number(args.rate);

const dir = mkdtempSync(join(tmpdir(), "kyodo-bench-burst-"));
const databaseUrl = args.postgres ? await postgresDatabase() : `file:${join(dir, "kyodo.db")}`;

async function postgresDatabase(): Promise<string> {
  const adminUrl = await startCluster({ durable: true });
  process.once("exit", () => stopCluster());
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query("CREATE DATABASE kyodo_bench_burst");
  await admin.end();
  return withDatabase(adminUrl, "kyodo_bench_burst");
}
const fake = await FakeSlack.start();
const profDir = join(ROOT, "data", "profiles");
if (args["cpu-prof"]) mkdirSync(profDir, { recursive: true });
const nodeOptions = [args["node-options"], args["cpu-prof"] ? `--cpu-prof --cpu-prof-dir=${profDir}` : ""].join(" ").trim();
const kyodo = await startKyodo(
  fake,
  databaseUrl,
  {
    ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}),
    ...(args["single-thread"] ? { KYODO_INBOX_THREAD: "off" } : {}),
    ...(args["write-thread"] ? { KYODO_INBOX_WRITE_THREAD: "on" } : {}),
  },
  runtime,
);
const db = openDatabase(databaseUrl);
const before = machine();
const council = await db.council.findFirstOrThrow();
const organ = await benchOrgan(db, council.id, "zenkoku", SEATS);
const createdAt = new Date();
const ballot = await openBallot(db, council.id, organ.organId, "全国協議会 書面表決（負荷試験）");
// The call to vote (2,000 DMs paced at Slack's rate) is bench-fanout's subject; here it would only add a
// minute of sending beside the burst, so it is taken out of the queue before Kyodo's outbox picks it up.
await db.delivery.deleteMany({ where: { createdAt: { gte: createdAt } } });
const presses = await openQuestions(kyodo, fake, db, organ, ballot.number);
const idleRss = await rssMb(kyodo.process.pid);

let peakRss = 0;
const sampler = setInterval(() => {
  void rssMb(kyodo.process.pid).then((mb) => (peakRss = Math.max(peakRss, mb ?? 0)));
}, 200);
let sent = 0;
const burstStarted = Date.now();
const result = await load(kyodo.baseUrl, () => ({ body: presses[sent++ % presses.length]!, contentType: FORM }), {
  connections: 100,
  amount: presses.length,
  overallRate: RATE,
  arrivals: random ? "random" : "even",
});
const burstS = (Date.now() - burstStarted) / 1000;
const settled = await until(
  "the inbox to settle",
  async () => (await inboxDbOf(db).inboxEvent.count({ where: { status: { in: ["pending", "running"] } } })) === 0 && Date.now(),
  600_000,
);
const workDoneAfterS = (settled - burstStarted) / 1000 - burstS;
clearInterval(sampler);

const votes = await db.motionVote.findMany({ where: { ballotId: ballot.id }, select: { seatId: true, motionId: true, current: true } });
const perSeatMotion = new Map<string, number>();
for (const v of votes) perSeatMotion.set(`${v.seatId}:${v.motionId}`, (perSeatMotion.get(`${v.seatId}:${v.motionId}`) ?? 0) + 1);
const seatsVoted = new Set(votes.filter((v) => v.current).map((v) => v.seatId));
const recorded = organ.voters.filter((v) => seatsVoted.has(v.seatId)).length;
const duplicated = [...perSeatMotion.values()].filter((n) => n > 1).length;
const failed = await inboxDbOf(db).inboxEvent.count({ where: { status: "failed" } });
const receipts = [...fake.callsTo("chat.update"), ...fake.callsTo("chat.postMessage")].filter(
  (c) => c.at >= burstStarted && JSON.stringify(c.args).includes("受付番号"),
).length;
const acked = result.requests - result.non2xx - result.errors - result.timeouts;

const summary = {
  measuredAt: new Date().toISOString(),
  machine: { ...before, loadAfter: machine().load },
  command: `npx tsx scripts/bench-vote-burst.ts --seats ${SEATS} --rate ${RATE}${nodeOptions ? ` --node-options="${nodeOptions}"` : ""}${
    args.tsx ? " --tsx" : ""
  }${args["single-thread"] ? " --single-thread" : ""}${args["write-thread"] ? " --write-thread" : ""}${random ? " --arrivals random" : ""}${args.postgres ? " --postgres" : ""}`,
  database: args.postgres ? "PostgreSQL (throw-away cluster on the same machine, fsync on)" : "SQLite file",
  runtime: runtime === "dist" ? "production build: node dist/main.js" : "tsx src/main.ts",
  inboxWork: args["single-thread"] ? "main thread" : "worker thread",
  inboxCommits: args["write-thread"] ? "write thread" : "acknowledging thread",
  seats: SEATS,
  pressesPerSecond: RATE,
  arrivals: random ? "random (Poisson process of the same mean rate)" : "evenly spaced",
  burstS: Number(burstS.toFixed(1)),
  ack: { sent: result.requests, acknowledged: acked, p50Ms: result.p50, p99Ms: result.p99, maxMs: result.max, rps: result.rps },
  workDoneAfterBurstS: Number(workDoneAfterS.toFixed(1)),
  recorded,
  lost: acked - recorded,
  duplicated,
  parked: failed,
  receiptsSent: receipts,
  rssMb: { idle: idleRss, peak: peakRss },
  goals: {
    "p99 ack <= 200 ms": result.p99 <= 200,
    "all recorded": recorded === SEATS,
    "0 lost": acked - recorded === 0,
    "0 duplicated": duplicated === 0,
    "RSS < 400 MB": peakRss < 400,
  },
};
process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
mkdirSync(join(ROOT, "scripts/bench-results"), { recursive: true });
const variant = args["node-options"] || args.tsx || args["single-thread"] || args["write-thread"];
// Random arrivals are the same code under a harsher load, not a variant of it: a file of their own.
const file = args.postgres
  ? "vote-burst-postgres.json"
  : random
    ? "vote-burst-random.json"
    : variant
      ? "vote-burst-variant.json"
      : "vote-burst.json";
writeFileSync(join(ROOT, "scripts/bench-results", file), `${JSON.stringify(summary, null, 2)}\n`);
await db.$disconnect();
await kyodo.stop();
await fake.close();
rmSync(dir, { recursive: true, force: true });
if (args.postgres) stopCluster();

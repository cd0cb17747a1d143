// What bench-ack and bench-vote-burst share (issue #15): a real Kyodo in its own process behind the fake
// Slack of the tests, a bare Bolt app beside it, signed requests, an organ of many linked voters with
// their vote question open (the flow state a real "vote" leaves, copied to every voter in bulk), and
// autocannon as the load generator for both servers.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { Agent as HttpAgent, request as httpRequest } from "node:http";
import { createHmac, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { createServer as createNetServer, type AddressInfo } from "node:net";
import { join } from "node:path";
import { cpus, freemem, loadavg } from "node:os";
import { Worker } from "node:worker_threads";
import { createBallot } from "../../src/domain/motions/create-ballot.ts";
import type { Db } from "../../src/storage/database.ts";
import { createLargeOrgan, type LargeOrgan } from "../../test/support/large-organ.ts";
import { startKyodoChild, type KyodoChild } from "../../test/support/kyodo-child.ts";
import { ROOT } from "../../test/support/run-command.ts";
import { BOT_TOKEN, FakeSlack } from "../../test/slack/support/fake-slack.ts";
import { directMessage, interaction, press, slashCommand, type SlackPerson } from "../../test/slack/support/slack-requests.ts";

export const SECRET = "bench-ack-signing-secret-0123456789";
export const TEAM = "TBENCH";

export function signedHeaders(body: string, contentType: string): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  return {
    "content-type": contentType,
    "x-slack-request-timestamp": timestamp,
    "x-slack-signature": `v0=${createHmac("sha256", SECRET).update(`v0:${timestamp}:${body}`).digest("hex")}`,
  };
}

export async function post(baseUrl: string, body: string, contentType: string): Promise<number> {
  const res = await fetch(`${baseUrl}/slack/events`, { method: "POST", headers: signedHeaders(body, contentType), body });
  await res.text();
  return res.status;
}

export async function freePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

export async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 60_000, everyMs = 200): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > end) throw new Error(`bench: waited in vain for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** The machine and its load average (1, 5, 15 min): results on a shared machine are read with it. */
export function machine() {
  return {
    node: process.version,
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    load: loadavg().map((l) => Number(l.toFixed(2))),
    freeMemMb: Math.round(freemem() / 1024 / 1024),
  };
}

/** How the benches run Kyodo: the production build (`npm run build`, then plain `node dist/main.js`, as
 *  `npm run start:prod` does), or from source under tsx (`--tsx`, as `npm start` does). */
export type Runtime = "dist" | "tsx";

/** `--tsx` picks the source; `--no-build` reuses dist/ as it is. Builds dist/ (about a minute) otherwise. */
export function runtimeFrom(args: { tsx?: boolean; "no-build"?: boolean }): Runtime {
  if (args.tsx) return "tsx";
  if (!args["no-build"] || !existsSync(join(ROOT, "dist/main.js"))) {
    process.stdout.write("bench: building dist/ (npm run build) …\n");
    execFileSync("npm", ["run", "build:all", "--silent"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
  }
  return "dist";
}

export async function startKyodo(
  fake: FakeSlack,
  databaseUrl: string,
  extraEnv: Record<string, string> = {},
  runtime: Runtime = "tsx",
): Promise<KyodoChild> {
  const env = {
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: "error",
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: fake.apiUrl,
    ...extraEnv,
  };
  const kyodo = runtime === "tsx" ? await startKyodoChild(env) : await startBuiltKyodo(env);
  // A bench that fails half-way must not leave its servers running.
  process.once("exit", () => kyodo.process.kill("SIGKILL"));
  return kyodo;
}

/** The heap limits `npm run start:prod` gives the main thread (package.json); the worker's: src/engine/inbox-thread.ts. */
export const PRODUCTION_NODE_FLAGS = ["--max-old-space-size=192", "--max-semi-space-size=8"];

/** `node dist/main.js --no-console` as `npm run start:prod` runs it: the production build, one process,
 *  ready once /readyz answers. */
async function startBuiltKyodo(env: Record<string, string>): Promise<KyodoChild> {
  const port = await freePort();
  const child = spawn(process.execPath, [...PRODUCTION_NODE_FLAGS, "dist/main.js", "--no-console"], {
    cwd: ROOT,
    env: { ...process.env, HOST: "127.0.0.1", KYODO_LOAD_DEMO: "auto", ...env, PORT: String(port) },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const baseUrl = `http://127.0.0.1:${port}`;
  await until("Kyodo (dist/main.js) to be ready", async () => child.exitCode === null && (await fetch(`${baseUrl}/readyz`)).ok, 120_000);
  if (child.exitCode !== null) throw new Error(`Kyodo exited: ${stderr}`);
  return {
    process: child,
    baseUrl,
    stderr: () => stderr,
    async crash() {
      child.kill("SIGKILL");
      await exited;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      await exited;
    },
  };
}

export interface BareBolt {
  baseUrl: string;
  stop(): Promise<void>;
}

export async function startBareBolt(runtime: Runtime = "tsx"): Promise<BareBolt> {
  const port = await freePort();
  // Node 24 strips the types of bare-bolt.ts itself; under --tsx it runs as Kyodo does, with the loader.
  const script = runtime === "tsx" ? ["--import", "tsx", "scripts/bench-support/bare-bolt.ts"] : ["scripts/bench-support/bare-bolt.ts"];
  const child: ChildProcess = spawn(process.execPath, script, {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), SLACK_SIGNING_SECRET: SECRET },
    stdio: ["ignore", "pipe", "inherit"],
  });
  process.once("exit", () => child.kill("SIGKILL"));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once("data", () => resolve());
    child.once("exit", (code) => reject(new Error(`bare Bolt exited (${code})`)));
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    async stop() {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** RSS of a process, from /proc (Linux), in MB. */
export async function rssMb(pid: number | undefined): Promise<number | undefined> {
  if (!pid) return undefined;
  const { readFile } = await import("node:fs/promises");
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
  return Number.isFinite(kb) ? Math.round(kb / 1024) : undefined;
}

export interface LoadResult {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  over3s: number;
}

/** Drives `baseUrl` with autocannon (as many requests as `connections` allow) in a thread of its own
 *  (./load-worker.mjs says why), or, given `overallRate`, with requests paced evenly at that rate (`paced`);
 *  the `amount` request bodies are taken from `next()` first and signed when sent. */
export async function load(
  baseUrl: string,
  next: () => { body: string; contentType: string },
  options: { connections: number; amount: number; overallRate?: number; arrivals?: Arrivals },
): Promise<LoadResult> {
  if (options.overallRate) return paced(baseUrl, next, { ...options, rate: options.overallRate, amount: options.amount });
  const bodies = Array.from({ length: options.amount }, () => next());
  const worker = new Worker(new URL("./load-worker.mjs", import.meta.url), {
    workerData: { url: `${baseUrl}/slack/events`, bodies, connections: options.connections, secret: SECRET },
  });
  const result = await new Promise<LoadWorkerResult>((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`the load thread ended (${code}) without a result`)));
  });
  await worker.terminate();
  return {
    requests: result.total,
    rps: Number((result.total / result.seconds).toFixed(1)),
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    // autocannon keeps no per-request list; a max over 3 s at least says whether any came that late
    over3s: result.latency.max > 3000 ? -1 : 0,
  };
}

interface LoadWorkerResult {
  total: number;
  seconds: number;
  latency: { p50: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}

export interface BenchOrgan extends LargeOrgan {
  people: SlackPerson[];
}

/** An organ of `seats` seats, each with a representative linked to a Slack account of TEAM. */
export async function benchOrgan(db: Db, councilId: string, slug: string, seats: number): Promise<BenchOrgan> {
  const organ = await createLargeOrgan(db, councilId, { slug, seats, platform: "slack", workspace: TEAM });
  return { ...organ, people: organ.voters.map((v) => ({ team: TEAM, user: v.externalUserId })) };
}

export async function openBallot(db: Db, councilId: string, organId: string, title: string): Promise<{ id: string; number: number }> {
  const now = new Date();
  return createBallot(
    db,
    {
      councilId,
      organId,
      title,
      deadline: new Date(now.getTime() + 7 * 86_400_000),
      rules: { earlyClose: false },
      motions: [{ title: "令和9年度予算の承認について" }, { title: "規約の一部改正について" }],
      createdBy: "cli:bench",
      reminderOffsets: [],
    },
    now,
    "Asia/Tokyo",
  );
}

/**
 * Opens the vote question of `ballot` for every voter: the first voter asks Kyodo for real (a DM
 * "vote <n>"), and the flow state that leaves is copied to the others with their own seat and DM. Returns
 * one press of 「全議案に賛成」 per voter, as Slack would send it.
 */
export async function openQuestions(
  kyodo: { baseUrl: string; stderr?: () => string },
  fake: FakeSlack,
  db: Db,
  organ: BenchOrgan,
  ballotNumber: number,
): Promise<string[]> {
  const first = organ.people[0]!;
  const dm = `D${first.user.slice(1)}`;
  const since = Date.now();
  const status = await post(kyodo.baseUrl, JSON.stringify(directMessage(first, `vote ${ballotNumber}`)), "application/json");
  if (status !== 200) throw new Error(`bench: Kyodo answered ${status} to a DM`);
  const question = await until("the vote question", () =>
    Promise.resolve(
      fake
        .callsTo("chat.postMessage")
        .filter((c) => c.args.channel === dm && c.at >= since)
        .find((c) => JSON.stringify(c.args.blocks ?? []).includes("全議案に賛成")),
    ),
  ).catch((error: unknown) => {
    const seen = fake.calls.slice(-5).map((c) => `${c.method} ${JSON.stringify(c.args).slice(0, 300)}`);
    throw new Error(`${String(error)}; last Slack calls:\n${seen.join("\n")}\n${kyodo.stderr?.().slice(-2000) ?? ""}`);
  });
  const template = await db.conversationState.findUniqueOrThrow({ where: { key: `slack:${TEAM}:person:${first.user}` } });
  const seat0 = organ.voters[0]!.seatId;
  const rows = organ.voters.slice(1).map((v) => {
    const swap = (s: string) => s.split(first.user.slice(1)).join(v.externalUserId.slice(1)).split(seat0).join(v.seatId);
    return { ...template, key: swap(template.key), data: swap(template.data), reference: swap(template.reference) };
  });
  for (let i = 0; i < rows.length; i += 200) {
    const slice = rows.slice(i, i + 200);
    await db.conversationState.deleteMany({ where: { key: { in: slice.map((r) => r.key) } } });
    await db.conversationState.createMany({ data: slice });
  }
  return organ.people.map((person) =>
    interaction(
      press(
        person,
        {
          kind: "message",
          channel: `D${person.user.slice(1)}`,
          ts: question.result!.ts,
          blocks: question.args.blocks,
          text: question.args.text,
          responseUrl: fake.responseUrl(),
        },
        "全議案に賛成",
      ),
    ),
  );
}

/** `/kyodo home` typed by one of the linked voters (a new trigger each time, as Slack sends). */
export function homeCommand(fake: FakeSlack, person: SlackPerson): string {
  return slashCommand(person, "home", fake.responseUrl(`home-${randomUUID().slice(0, 8)}`)).body;
}

export const FORM = "application/x-www-form-urlencoded";

/** "even": request k at k / rate s. "random": people pressing independently (a Poisson process of the same
 *  mean rate, seeded so that runs compare): arrivals clump, several within a millisecond at times. */
export type Arrivals = "even" | "random";

function dueTimes(amount: number, rate: number, arrivals: Arrivals): number[] {
  if (arrivals === "even") return Array.from({ length: amount }, (_, k) => (k * 1000) / rate);
  let seed = 0x6b796f64; // mulberry32
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const due: number[] = [];
  let at = 0;
  for (let k = 0; k < amount; k++) {
    due.push(at);
    at += (-Math.log(1 - random()) * 1000) / rate;
  }
  return due;
}

/**
 * `amount` requests at `rate` per second, evenly spaced (or at random: `arrivals`) (request k is due at k / rate s), on at most
 * `connections` keep-alive connections; each one's latency runs from when it was due to its response, so a
 * request that had to wait for a free connection counts its wait. Percentiles are over the requests
 * themselves. (autocannon's fixed rate sends each connection's share at the start of every second — a
 * burst of `connections` requests at once, then a pause — and, correcting for coordinated omission with a
 * 1 ms interval, records a 100 ms response as 100 values: its p99 weighs slow responses many times over.)
 */
export async function paced(
  baseUrl: string,
  next: () => { body: string; contentType: string },
  options: { rate: number; amount: number; connections: number; arrivals?: Arrivals },
): Promise<LoadResult> {
  const dueAt = dueTimes(options.amount, options.rate, options.arrivals ?? "even");
  const agent = new HttpAgent({ keepAlive: true, maxSockets: options.connections });
  const url = new URL(`${baseUrl}/slack/events`);
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  const started = performance.now();
  let lastResponse = started;
  const one = (due: number) =>
    new Promise<void>((resolve) => {
      const { body, contentType } = next();
      const req = httpRequest(
        url,
        { method: "POST", agent, headers: { ...signedHeaders(body, contentType), "content-length": Buffer.byteLength(body) } },
        (res) => {
          res.resume();
          res.on("end", () => {
            lastResponse = performance.now();
            latencies.push(lastResponse - due);
            if ((res.statusCode ?? 0) < 200 || (res.statusCode ?? 0) >= 300) non2xx += 1;
            resolve();
          });
        },
      );
      req.setTimeout(30_000, () => req.destroy(new Error("timeout")));
      req.on("error", () => {
        errors += 1;
        resolve();
      });
      req.end(body);
    });
  const sent: Array<Promise<void>> = [];
  for (let k = 0; k < options.amount; k++) {
    const due = started + dueAt[k]!;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    sent.push(one(due));
  }
  await Promise.all(sent);
  agent.destroy();
  const sorted = latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
  return {
    requests: options.amount,
    rps: Number((options.amount / ((lastResponse - started) / 1000)).toFixed(1)),
    p50: at(0.5),
    p99: at(0.99),
    max: Math.round(sorted.at(-1) ?? 0),
    non2xx,
    errors,
    timeouts: 0,
    over3s: sorted.filter((l) => l > 3000).length,
  };
}

// Crash benchmark (issue #14): does an acknowledgement mean the vote is safe? Each trial opens a new
// ballot, lets every bench voter open the vote question in their Slack DM, then sends a burst of signed
// 「全議案に賛成」 button presses to a real Kyodo process (`src/main.ts --no-console`) and kills it with
// SIGKILL at a random moment of the burst. Kyodo is restarted; once its inbox has settled, every press
// that got a 200 must be recorded (before any redelivery). Then every press is delivered again, as Slack
// would, and no seat may have a vote counted twice. Prints and writes scripts/bench-results/crash.json.
// Usage: npx tsx scripts/bench-crash.ts [--trials 20] [--voters 12] [--window-ms 3000]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { closeBallot } from "../src/domain/motions/close-ballot.ts";
import { openDatabase, inboxDbOf } from "../src/storage/database.ts";
import { fakeSlackWebApi, type Post } from "./bench-support/fake-slack-web-api.ts";
import { freePort, KyodoProcess, slackPoster, waitFor } from "./bench-support/kyodo-process.ts";
import { openBallot, pressPayload, setUpVoters, TEAM } from "./bench-support/sokai-ballot.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SECRET = "bench-crash-signing-secret-0123456789";

const { values: args } = parseArgs({
  options: {
    trials: { type: "string", default: "20" },
    voters: { type: "string", default: "12" },
    "window-ms": { type: "string", default: "3000" },
  },
});
const TRIALS = Number(args.trials);
const VOTERS = Number(args.voters);
const WINDOW_MS = Number(args["window-ms"]);

const { post, postUntilAccepted } = slackPoster(SECRET);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "kyodo-bench-crash-"));
  const slack = fakeSlackWebApi(TEAM);
  await new Promise<void>((resolve) => slack.server.listen(0, "127.0.0.1", resolve));
  const slackUrl = `http://127.0.0.1:${(slack.server.address() as AddressInfo).port}/api/`;
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const databaseUrl = `file:${join(dir, "kyodo.db")}`;
  const env = {
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    HOST: "127.0.0.1",
    LOG_LEVEL: "error",
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_BOT_TOKEN: "xoxb-bench",
    SLACK_API_URL: slackUrl,
    KYODO_LOAD_DEMO: "auto",
  };
  const kyodo = new KyodoProcess(env, baseUrl);
  const loadBefore = loadavg();
  const started = Date.now();
  await kyodo.start();
  const db = openDatabase(databaseUrl);
  const council = await db.council.findFirstOrThrow();
  const voters = await setUpVoters(db, council.id, VOTERS);
  const trials: Array<Record<string, number>> = [];
  const totals = { sent: 0, acknowledged: 0, recorded: 0, lostBeforeRedelivery: 0, lostAfterRedelivery: 0, duplicated: 0 };

  for (let trial = 1; trial <= TRIALS; trial++) {
    const ballotId = await openBallot(db, council.id);
    // Each voter asks for the question in their DM (the burst below presses its button).
    const seen = new Map(voters.map((v) => [v.user, slack.posts.get(`D${v.user.slice(1)}`)?.length ?? 0]));
    await Promise.all(
      voters.map((v, i) =>
        postUntilAccepted(
          `${baseUrl}/slack/events`,
          JSON.stringify({
            type: "event_callback",
            team_id: TEAM,
            api_app_id: "ABENCH",
            event_id: `EvB${trial}x${i}`,
            event_time: Math.floor(Date.now() / 1000),
            event: {
              type: "message",
              channel_type: "im",
              channel: `D${v.user.slice(1)}`,
              user: v.user,
              text: "vote",
              ts: `${Date.now() / 1000}`,
            },
          }),
          "application/json",
        ),
      ),
    );
    const questions = await waitFor(
      "the vote questions",
      () => {
        const found = voters.map((v) =>
          (slack.posts.get(`D${v.user.slice(1)}`) ?? [])
            .slice(seen.get(v.user))
            .find((p) => JSON.stringify(p.blocks ?? []).includes("全議案に賛成")),
        );
        return Promise.resolve(found.every(Boolean) && (found as Post[]));
      },
      60_000,
    );
    const presses = voters.map((v, i) => pressPayload(v.user, questions[i]!));

    // The burst, and a SIGKILL at a random moment of it.
    const killAfter = Math.floor(Math.random() * WINDOW_MS);
    const killing = new Promise<void>((resolve) => setTimeout(() => void kyodo.kill().then(resolve), killAfter));
    const statuses = await Promise.all(
      presses.map((body, i) =>
        new Promise((r) => setTimeout(r, i * 20)).then(() => post(`${baseUrl}/slack/events`, body, "application/x-www-form-urlencoded")),
      ),
    );
    await killing;
    const acked = voters.filter((_, i) => statuses[i] === 200);

    await kyodo.start();
    await waitFor(
      "the inbox to settle",
      async () => (await inboxDbOf(db).inboxEvent.count({ where: { status: { in: ["pending", "running"] } } })) === 0,
    );
    const votedSeats = async () =>
      new Set((await db.motionVote.findMany({ where: { ballotId, current: true }, select: { personId: true } })).map((v) => v.personId));
    const before = await votedSeats();
    const lostBefore = acked.filter((v) => !before.has(v.personId)).length;

    // Slack redelivers (the unacknowledged presses for sure, acknowledged ones sometimes): all of them.
    await Promise.all(presses.map((body) => postUntilAccepted(`${baseUrl}/slack/events`, body, "application/x-www-form-urlencoded")));
    await waitFor(
      "the inbox to settle",
      async () => (await inboxDbOf(db).inboxEvent.count({ where: { status: { in: ["pending", "running"] } } })) === 0,
    );
    const after = await votedSeats();
    const lostAfter = acked.filter((v) => !after.has(v.personId)).length;
    const rows = await db.motionVote.groupBy({ by: ["personId", "motionId"], where: { ballotId }, _count: { _all: true } });
    const duplicated = new Set(rows.filter((r) => r._count._all > 1).map((r) => r.personId)).size;
    const recorded = acked.filter((v) => after.has(v.personId)).length;
    await closeBallot(db, ballotId, new Date(), "secretariat").catch(() => undefined);

    const row = {
      trial,
      killAfterMs: killAfter,
      sent: presses.length,
      acknowledged: acked.length,
      recorded,
      lostBeforeRedelivery: lostBefore,
      lostAfterRedelivery: lostAfter,
      duplicated,
    };
    trials.push(row);
    totals.sent += row.sent;
    totals.acknowledged += row.acknowledged;
    totals.recorded += recorded;
    totals.lostBeforeRedelivery += lostBefore;
    totals.lostAfterRedelivery += lostAfter;
    totals.duplicated += duplicated;
    process.stdout.write(
      `trial ${trial}/${TRIALS}: killed after ${killAfter} ms, acknowledged ${acked.length}/${presses.length}, recorded ${recorded}, lost ${lostBefore}/${lostAfter} (before/after redelivery), counted twice ${duplicated}\n`,
    );
  }

  await kyodo.kill();
  await db.$disconnect();
  slack.server.close();
  const result = {
    measuredAt: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    loadAverage: { before: loadBefore.map((l) => Number(l.toFixed(2))), after: loadavg().map((l) => Number(l.toFixed(2))) },
    trials: TRIALS,
    votersPerBurst: VOTERS,
    killWindowMs: WINDOW_MS,
    durationS: Math.round((Date.now() - started) / 1000),
    totals,
    perTrial: trials,
  };
  mkdirSync(join(ROOT, "scripts/bench-results"), { recursive: true });
  writeFileSync(join(ROOT, "scripts/bench-results/crash.json"), `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(
    `acknowledged ${totals.acknowledged}, recorded ${totals.recorded}, lost ${totals.lostBeforeRedelivery} (${totals.lostAfterRedelivery} after redelivery), counted twice ${totals.duplicated}\n`,
  );
  rmSync(dir, { recursive: true, force: true });
  if (totals.lostAfterRedelivery > 0 || totals.lostBeforeRedelivery > 0 || totals.duplicated > 0) process.exitCode = 1;
}

await main();

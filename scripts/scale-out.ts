// Scale-out check (issue #19): PostgreSQL and three Kyodo instances on one database, as behind a load
// balancer. The three start at the same moment (they must migrate once and load the demo once); a bounded
// burst of signed Slack 「全議案に賛成」 presses is spread across them, one instance is killed with kill -9
// in the middle of it and started again; presses it did not acknowledge go to another instance, as a load
// balancer would send Slack's retry, and then Slack redelivers every press. Meanwhile the outbox has
// messages for one Slack channel that all three instances could send. Prints and writes
// scripts/bench-results/scale-out.json: lost and duplicated votes, duplicated and missing deliveries,
// rate-limit violations (two posts into one channel less than a second apart) — all should be zero.
// PostgreSQL: KYODO_SCALE_PG_URL (a superuser URL), else a throw-away cluster from /usr/lib/postgresql/15/bin.
// Usage: npx tsx scripts/scale-out.ts [--voters 30] [--channel-messages 8]
import { mkdirSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { parseAuditKeys, useAuditKeys } from "../src/domain/audit/audit-keys.ts";
import { verifyAuditLog } from "../src/domain/audit/verify-audit-log.ts";
import { queueGroupMessage } from "../src/domain/delivery/queue-messages.ts";
import { textMessage } from "../src/engine/messages.ts";
import { openDatabase, type Db, inboxDbOf } from "../src/storage/database.ts";
import { fakeSlackWebApi, type Post } from "./bench-support/fake-slack-web-api.ts";
import { freePort, KyodoProcess, slackPoster, waitFor } from "./bench-support/kyodo-process.ts";
import { openBallot, pressPayload, setUpVoters, TEAM } from "./bench-support/sokai-ballot.ts";
import { startCluster, stopCluster, withDatabase } from "../test/support/postgres-cluster.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SECRET = "scale-out-signing-secret-0123456789";
const AUDIT_KEY = "kscale:0123456789abcdef0123456789abcdef";
const CHANNEL = "CSCALE";
/** Slack allows about one message per second into a channel. */
const SLACK_CHANNEL_GAP_MS = 1000;

const { values: args } = parseArgs({
  options: {
    voters: { type: "string", default: "30" },
    "channel-messages": { type: "string", default: "8" },
  },
});
const VOTERS = Number(args.voters);
const CHANNEL_MESSAGES = Number(args["channel-messages"]);

const { post, postUntilAccepted } = slackPoster(SECRET);

async function settle(db: Db): Promise<void> {
  await waitFor(
    "the inbox to settle",
    async () => (await inboxDbOf(db).inboxEvent.count({ where: { status: { in: ["pending", "running"] } } })) === 0,
  );
}

async function main(): Promise<void> {
  const loadBefore = loadavg();
  const started = Date.now();
  const adminUrl = process.env.KYODO_SCALE_PG_URL ?? (await startCluster());
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query("DROP DATABASE IF EXISTS kyodo_scale_out WITH (FORCE)");
  await admin.query("CREATE DATABASE kyodo_scale_out");
  await admin.end();
  const databaseUrl = withDatabase(adminUrl, "kyodo_scale_out");

  const slack = fakeSlackWebApi(TEAM);
  await new Promise<void>((resolve) => slack.server.listen(0, "127.0.0.1", resolve));
  const slackUrl = `http://127.0.0.1:${(slack.server.address() as AddressInfo).port}/api/`;
  const instances: KyodoProcess[] = [];
  for (let i = 0; i < 3; i++) {
    const port = await freePort();
    const env = {
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "info",
      AUDIT_KEY,
      AUDIT_CHECKPOINT_CRON: "off",
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: "xoxb-bench",
      SLACK_API_URL: slackUrl,
      KYODO_LOAD_DEMO: "auto",
    };
    instances.push(new KyodoProcess(env, `http://127.0.0.1:${port}`));
  }
  // All three at the same moment, on an empty database.
  await Promise.all(instances.map((k) => k.start()));
  const countLog = (message: string) =>
    instances.reduce((n, k) => n + k.log.split("\n").filter((l) => l.includes(`"msg":"${message}"`)).length, 0);
  const migratedBy = countLog("migrations applied");
  const demoLoadedBy = countLog("demo council loaded");

  // This script writes too (voters, the ballot, the channel messages): with the instances' key, like they do.
  useAuditKeys(parseAuditKeys(AUDIT_KEY));
  const db = openDatabase(databaseUrl);
  const council = await db.council.findFirstOrThrow();
  const voters = await setUpVoters(db, council.id, VOTERS);
  const ballotId = await openBallot(db, council.id);
  const alive = () => instances.filter((k) => k.child && k.child.exitCode === null && k.child.signalCode === null);
  let next = 0;
  const anyInstance = () => alive()[next++ % alive().length]!.baseUrl;

  // Each voter opens the question in their DM, through one of the instances.
  await Promise.all(
    voters.map((v, i) =>
      postUntilAccepted(
        `${instances[i % 3]!.baseUrl}/slack/events`,
        JSON.stringify({
          type: "event_callback",
          team_id: TEAM,
          api_app_id: "ABENCH",
          event_id: `EvScale${i}`,
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
  const questions = await waitFor("the vote questions", () => {
    const found = voters.map((v) =>
      (slack.posts.get(`D${v.user.slice(1)}`) ?? []).find((p) => JSON.stringify(p.blocks ?? []).includes("全議案に賛成")),
    );
    return Promise.resolve(found.every(Boolean) && (found as Post[]));
  });
  const presses = voters.map((v, i) => pressPayload(v.user, questions[i]!));

  // Messages for one channel, due now: whichever instances' outboxes get to them, each goes once, a second apart.
  for (let n = 0; n < CHANNEL_MESSAGES; n++)
    await queueGroupMessage(db, {
      source: `scale-out:${n}`,
      platform: "slack",
      target: JSON.stringify({ platform: "slack", workspace: TEAM, conversationId: CHANNEL }),
      message: textMessage(`scale-out message ${n}`),
      notBefore: new Date(),
    });
  for (const k of instances) await fetch(`${k.baseUrl}/healthz`); // (the outbox runs on each instance's 15 s tick)

  // The burst, spread across the three; instance 2 is killed with kill -9 half way through.
  const victim = instances[1]!;
  const half = Math.floor(presses.length / 2);
  const statuses = await Promise.all(
    presses.map((body, i) =>
      new Promise((r) => setTimeout(r, i * 25)).then(async () => {
        if (i === half) void victim.kill();
        return post(`${instances[i % 3]!.baseUrl}/slack/events`, body, "application/x-www-form-urlencoded");
      }),
    ),
  );
  const acknowledged = voters.filter((_, i) => statuses[i] === 200);
  // The load balancer sends Slack's retries of unacknowledged presses to an instance that lives.
  await Promise.all(
    presses.map((body, i) =>
      statuses[i] === 200
        ? Promise.resolve()
        : postUntilAccepted(`${anyInstance()}/slack/events`, body, "application/x-www-form-urlencoded"),
    ),
  );
  await victim.start();
  await settle(db);
  // Slack redelivers every press (it sometimes does, after a slow acknowledgement): none may count twice.
  await Promise.all(presses.map((body) => postUntilAccepted(`${anyInstance()}/slack/events`, body, "application/x-www-form-urlencoded")));
  await settle(db);
  await waitFor(
    "the channel messages",
    async () => (await db.delivery.count({ where: { source: { startsWith: "scale-out:" }, state: "sent" } })) === CHANNEL_MESSAGES,
    120_000,
  );
  await new Promise((r) => setTimeout(r, 2_000)); // a late duplicate would arrive now

  const current = await db.motionVote.findMany({ where: { ballotId, current: true }, select: { personId: true } });
  const voted = new Set(current.map((v) => v.personId));
  const lostVotes = voters.filter((v) => !voted.has(v.personId)).length;
  const lostAcknowledged = acknowledged.filter((v) => !voted.has(v.personId)).length;
  const rows = await db.motionVote.groupBy({ by: ["personId", "motionId"], where: { ballotId }, _count: { _all: true } });
  const duplicatedVotes = rows.filter((r) => r._count._all > 1).length;
  const channelPosts = (slack.posts.get(CHANNEL) ?? []).filter((p) => String(p.text ?? "").startsWith("scale-out message"));
  const perMessage = new Map<string, number>();
  for (const p of channelPosts) perMessage.set(String(p.text), (perMessage.get(String(p.text)) ?? 0) + 1);
  const duplicatedDeliveries = [...perMessage.values()].filter((c) => c > 1).length;
  const missingDeliveries = CHANNEL_MESSAGES - perMessage.size;
  const times = channelPosts.map((p) => p.at).sort((a, b) => a - b);
  const gaps = times.slice(1).map((t, i) => t - times[i]!);
  const rateLimitViolations = gaps.filter((g) => g < SLACK_CHANNEL_GAP_MS).length;
  const audit = await verifyAuditLog(db);
  const senders = await db.delivery.findMany({ where: { source: { startsWith: "scale-out:" } }, select: { attempts: true } });

  for (const k of alive()) await k.stop();
  await db.$disconnect();
  slack.server.close();
  if (!process.env.KYODO_SCALE_PG_URL) stopCluster();

  const result = {
    measuredAt: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    loadAverage: { before: loadBefore.map((n) => Math.round(n * 100) / 100), after: loadavg().map((n) => Math.round(n * 100) / 100) },
    durationS: Math.round((Date.now() - started) / 1000),
    instances: 3,
    startedTogether: { migratedBy, demoLoadedBy },
    voters: VOTERS,
    killedWithSigkillAfterPress: half,
    acknowledgedBeforeKillOrAfter: acknowledged.length,
    channelMessages: CHANNEL_MESSAGES,
    minimumGapMs: gaps.length ? Math.min(...gaps) : null,
    deliveryAttempts: senders.reduce((n, d) => n + d.attempts, 0),
    auditChainIntact: audit.chain.ok,
    auditEntries: audit.chain.count,
    auditProblem: audit.chain.ok ? null : `${audit.chain.reason} at ${audit.chain.brokenAt}`,
    results: {
      lostVotes,
      lostAcknowledgedVotes: lostAcknowledged,
      duplicatedVotes,
      duplicatedDeliveries,
      missingDeliveries,
      rateLimitViolations,
    },
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  mkdirSync(join(ROOT, "scripts/bench-results"), { recursive: true });
  writeFileSync(join(ROOT, "scripts/bench-results/scale-out.json"), `${JSON.stringify(result, null, 2)}\n`);
  const failures = Object.values(result.results).reduce((a, b) => a + b, 0) + (migratedBy === 1 ? 0 : 1) + (audit.chain.ok ? 0 : 1);
  process.exit(failures === 0 ? 0 : 1);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  stopCluster();
  process.exit(1);
});

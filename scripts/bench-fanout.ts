// Benchmark (issue #15): a broadcast to the 2,000 members of an organ — 1,000 reached on Slack, 1,000 on
// LINE — through the real adapters and SDKs against the fake Slack and LINE APIs on loopback, Slack
// answering each post after a realistic 100 ms, LINE after 50 ms. The broadcast's LINE part is one message
// to 1,000 people: two multicasts of 500, too few requests to say anything about pacing; so at the same
// time each LINE member is sent a personal message (a request each: personal texts cannot be shared),
// 1,000 requests against LINE's pace. Measures, per platform, the achieved request rate against the rate
// Kyodo allows itself while work is waiting (src/delivery/rate-limiter.ts: Slack 20 requests a second and one message per
// second per channel, counted from the end of the previous send; LINE 50 requests a second), and counts
// violations as the fake servers saw the requests arrive, with the definition the limiter keeps to
// (src/delivery/arrival-window.ts: a request arriving when the allowed number already arrived within the
// second before it; two messages into one Slack channel less than a second apart). No tolerance for
// jitter: what arrives is what counts. No scheduler tick: the outbox sends because work was queued.
// First, the limiter alone at Slack's limits (400 requests from 10 senders to a loopback server answering
// after 100 ms, no database): what the pacing itself achieves, apart from the rest of Kyodo's work; then
// with answers taking 100–140 ms, with the least time between starts as now and as it was (A/B, same run).
// Also recorded: the event loop's delay while the fan-out ran, and per platform the time from each arrival
// to the one `allowed` places after it (1,000 ms at the full pace): where the rate goes.
// Run: npx tsx scripts/bench-fanout.ts [members]   — writes scripts/bench-results/fanout.json
import { existsSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { loadavg } from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { busiestWindow, gapViolations, windowViolations } from "../src/delivery/arrival-window.ts";
import { DEFAULT_LIMITS, RateLimiter, START_SPACING_SHARE } from "../src/delivery/rate-limiter.ts";
import { SharedRateLimiter } from "../src/delivery/shared-rate-limiter.ts";
import { openDatabase } from "../src/storage/database.ts";
import { applyPostgresMigrations } from "../src/storage/postgres-migrations.ts";
import { queueMessages } from "../src/domain/delivery/queue-messages.ts";
import { broadcastSummary } from "../src/domain/broadcasts/broadcast-summary.ts";
import { createBroadcast } from "../src/domain/broadcasts/create-broadcast.ts";
import { importSeats } from "../src/domain/organs/import-seats.ts";
import { importPeople } from "../src/domain/people/import-people.ts";
import { nameKey } from "../src/lib/japanese/normalize.ts";
import { FakeLineApi } from "../test/line/support/fake-line-api.ts";
import { CHANNEL_SECRET, DESTINATION } from "../test/line/support/line-webhook.ts";
import { BOT_TOKEN, FakeSlack } from "../test/slack/support/fake-slack.ts";
import { SIGNING_SECRET } from "../test/slack/support/slack-requests.ts";
import { PG_BIN, startCluster, stopCluster, withDatabase } from "../test/support/postgres-cluster.ts";
import { startTestKyodo } from "../test/support/test-kyodo.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const MEMBERS = Number(process.argv[2] ?? 2000);
const SLACK_LATENCY_MS = 100;
const LINE_LATENCY_MS = 50;
/** LINE's documented limits (Messaging API reference, "Rate limits"): per channel, 200 multicast requests a
 *  second (push: 2,000); a multicast reaches up to 500 people. */
const LINE_DOCUMENTED = { multicastRequestsPerSecond: 200, multicastRecipients: 500 };
/** Slack documents chat.postMessage as one message per second per channel. */
const SLACK_CHANNEL_GAP_MS = 1000;

/**
 * The limiter alone: `sends` requests from 10 senders, each to its own conversation, as the server saw them
 * arrive. The server answers after SLACK_LATENCY_MS plus `jitterMs` spread evenly over the requests (the
 * same every run): answers that vary are what the limiter's estimate of each arrival has to allow for.
 */
async function limiterAlone(sends: number, jitterMs = 0, limiters: RateLimiter[] = [new RateLimiter()]) {
  const arrivals: number[] = [];
  const server = createServer((req, res) => {
    const n = arrivals.push(Date.now());
    req.resume();
    setTimeout(() => res.end("ok"), SLACK_LATENCY_MS + ((n * 37) % 41) * (jitterMs / 40));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let next = 0;
  // Sender i uses limiter i % limiters.length: several instances, as on PostgreSQL.
  const sender = async (i: number) => {
    const limiter = limiters[i % limiters.length]!;
    while (next < sends) {
      const conversation = `D${next++}`;
      await limiter.acquire("slack", conversation);
      try {
        await (await fetch(`${url}/${conversation}`, { method: "POST", body: "{}" })).text();
      } finally {
        limiter.finished("slack", conversation);
      }
    }
  };
  await Promise.all(Array.from({ length: 10 }, (_, i) => sender(i)));
  server.closeAllConnections();
  server.close();
  return arrivals;
}
const aloneLoad = loadavg()[0]!;
const alone = await limiterAlone(400);
// A/B in one run: answers 100–140 ms, the least time between starts as now and as it was (half a spacing).
const JITTER_MS = 40;
const OLD_START_SPACING_SHARE = 0.5;
const jitteredLoad = loadavg()[0]!;
const jittered = await limiterAlone(300, JITTER_MS);
const jitteredOldSpacing = await limiterAlone(300, JITTER_MS, [
  new RateLimiter(DEFAULT_LIMITS, { startSpacingShare: OLD_START_SPACING_SHARE }),
]);

/**
 * On PostgreSQL several instances share the platform's limit through the database (SharedRateLimiter: the
 * arrival window as a ring of slots in RateLimitSlot). The same 300 requests from two instances (five
 * senders each) on a throw-away cluster, when Debian's PostgreSQL is installed.
 */
async function sharedLimiterOnPostgres() {
  if (!existsSync(`${PG_BIN}/initdb`)) return { skipped: `no PostgreSQL at ${PG_BIN}` };
  const adminUrl = await startCluster();
  try {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query("CREATE DATABASE kyodo_bench_fanout");
    await admin.end();
    const url = withDatabase(adminUrl, "kyodo_bench_fanout");
    await applyPostgresMigrations(url);
    const dbs = [openDatabase(url), openDatabase(url)];
    const limiters = dbs.map((db) => new SharedRateLimiter(db));
    const load = loadavg()[0]!;
    const arrivals = await limiterAlone(300, 0, limiters);
    for (const limiter of limiters) await limiter.settled();
    for (const db of dbs) await db.$disconnect();
    return { load: Number(load.toFixed(2)), instances: 2, ...platformResult("slack", arrivals) };
  } finally {
    stopCluster();
  }
}
const sharedOnPostgres = await sharedLimiterOnPostgres();

const slack = await FakeSlack.start();
slack.delay("chat.postMessage", SLACK_LATENCY_MS);
const line = await new FakeLineApi().start();
line.latencyMs = LINE_LATENCY_MS;
const kyodo = await startTestKyodo(
  {
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: slack.apiUrl,
    LINE_CHANNEL_SECRET: CHANNEL_SECRET,
    LINE_CHANNEL_ACCESS_TOKEN: line.token,
    LINE_API_BASE_URL: line.baseUrl,
  },
  { scheduler: false, outboxWatch: true },
);

// The organ: MEMBERS bodies, one representative each (set up with the bulk imports), each linked on one platform.
const councilId = kyodo.council.id;
const bodyName = (i: number) => `第${i}広域連合`;
const bodies = Array.from({ length: MEMBERS }, (_, i) => ({
  councilId,
  name: bodyName(i),
  nameKey: nameKey(bodyName(i)),
  kind: "special",
}));
for (let i = 0; i < bodies.length; i += 200) await kyodo.db.body.createMany({ data: bodies.slice(i, i + 200) });
const people = ["handle,name,body", ...Array.from({ length: MEMBERS }, (_, i) => `rep${i},代表 ${i},${bodyName(i)}`)].join("\n");
if (!(await importPeople(kyodo.db, councilId, people, "bench")).written) throw new Error("people import refused");
const organ = await kyodo.db.organ.create({ data: { councilId, slug: "bench", name: "ベンチ総会", kind: "general_assembly" } });
const seats = ["body,representative", ...Array.from({ length: MEMBERS }, (_, i) => `${bodyName(i)},rep${i}`)].join("\n");
if (!(await importSeats(kyodo.db, councilId, organ.id, seats, "bench")).written) throw new Error("seats import refused");
const reps = await kyodo.db.person.findMany({ where: { councilId, handle: { startsWith: "rep" } }, select: { id: true, handle: true } });
const identities = reps.map((p) => {
  const i = Number(p.handle.slice(3));
  const onSlack = i % 2 === 0;
  const user = onSlack ? `U${String(i).padStart(6, "0")}` : `U${String(i).padStart(32, "0")}`;
  const ref = onSlack
    ? { platform: "slack", workspace: "T0001", conversationId: `D${String(i).padStart(6, "0")}`, isDirect: true }
    : { platform: "line", workspace: DESTINATION, conversationId: user, isDirect: true };
  return {
    personId: p.id,
    platform: ref.platform,
    workspace: ref.workspace,
    externalUserId: user,
    verifiedAt: new Date(),
    directRef: JSON.stringify(ref),
  };
});
for (let i = 0; i < identities.length; i += 200) await kyodo.db.chatIdentity.createMany({ data: identities.slice(i, i + 200) });
slack.calls.length = 0;
line.reset();

const yamada = await kyodo.db.person.findFirstOrThrow({ where: { councilId, handle: "yamada" } });
// How long the event loop was held up while the fan-out ran: every request and answer waits behind it.
const loopDelay = monitorEventLoopDelay({ resolution: 5 });
loopDelay.enable();
const loadBefore = loadavg()[0]!;
const started = Date.now();
const broadcast = await createBroadcast(
  kyodo.db,
  {
    councilId,
    createdById: yamada.id,
    audience: { kind: "organ", organId: organ.id },
    channels: ["dm"],
    text: "【ベンチ】総会資料を掲載しました",
    urgent: true,
  },
  new Date(),
);
// The broadcast is queued by its job (the scheduler's work, run here once); sending is the outbox's own.
await kyodo.scheduler.runDue(new Date());
// Meanwhile a personal message to each LINE member: one push each.
const lineMembers = identities.filter((i) => i.platform === "line").map((i) => i.personId);
const pushesQueued = await queueMessages(kyodo.db, {
  source: "bench:personal",
  personIds: lineMembers,
  render: (_locale, personId) => ({ text: `【ベンチ】${personId} さんの回答状況をお知らせします`, blocks: [] }),
  notBefore: new Date(),
  platforms: ["line"],
});
// Until here LINE had only the broadcast's 1,000 recipients to send: a handful of multicasts, sent as their
// rows were queued (1.4 s on the development machine). LINE's pace is measured from here, while requests
// are waiting (below); its rate over every request is recorded beside it.
const pushesQueuedAt = Date.now();
const pushesOpen = () => kyodo.db.delivery.count({ where: { source: "bench:personal", state: { in: ["queued", "sending"] } } });
for (;;) {
  const summary = await broadcastSummary(kyodo.db, broadcast.id);
  if (summary.state === "dispatched" && summary.counts.queued + summary.counts.sending === 0 && (await pushesOpen()) === 0) break;
  if (Date.now() - started > 15 * 60_000) throw new Error(`not done: ${JSON.stringify(summary.counts)}`);
  await new Promise((r) => setTimeout(r, 200));
}
const finished = Date.now();
loopDelay.disable();
const summary = await broadcastSummary(kyodo.db, broadcast.id);

function platformResult(platform: "slack" | "line", times: number[]) {
  const allowedPerSecond = 1000 / DEFAULT_LIMITS[platform]!.perRequestMs;
  const sorted = [...times].sort((a, b) => a - b);
  const span = (sorted.at(-1)! - sorted[0]!) / 1000;
  // n requests one allowed gap apart take (n - 1) gaps: the achieved rate is (n - 1) / span.
  const achieved = sorted.length > 1 ? (sorted.length - 1) / span : 0;
  // Where the rate goes: the time from each arrival to the one `allowed` places after it — a second at the
  // full pace; the limiter's margin and its estimate of each arrival make it longer.
  const windows = sorted
    .slice(allowedPerSecond)
    .map((at, i) => at - sorted[i]!)
    .sort((a, b) => a - b);
  const quantile = (q: number) => windows[Math.floor(q * (windows.length - 1))] ?? null;
  return {
    requests: sorted.length,
    allowedRequestsPerSecond: allowedPerSecond,
    achievedRequestsPerSecond: Number(achieved.toFixed(2)),
    achievedShareOfAllowed: Number((achieved / allowedPerSecond).toFixed(3)),
    busiestSecondRequests: busiestWindow(sorted),
    windowViolations: windowViolations(sorted, allowedPerSecond),
    allowedLaterArrivalMs: {
      p10: quantile(0.1),
      p50: quantile(0.5),
      p90: quantile(0.9),
      mean: windows.length ? Math.round(windows.reduce((a, b) => a + b, 0) / windows.length) : null,
    },
  };
}

const posts = slack.callsTo("chat.postMessage");
const byChannel = new Map<string, number[]>();
for (const post of posts) byChannel.set(String(post.args.channel), [...(byChannel.get(String(post.args.channel)) ?? []), post.at]);
const channelViolations = [...byChannel.values()].reduce((n, times) => n + gapViolations(times, SLACK_CHANNEL_GAP_MS), 0);
const slackResult = platformResult(
  "slack",
  posts.map((p) => p.at),
);
// LINE counts its limits per endpoint. Every LINE message here goes to the multicast endpoint: the broadcast
// in multicasts of up to 500, and each personal message as a multicast of one (the outbox sends whatever
// can be multicast that way), so all of them count against the multicast limit.
const lineRequests = line.callsTo("/v2/bot/message/multicast");
const lineResult = platformResult(
  "line",
  lineRequests.map((c) => c.at).filter((at) => at >= pushesQueuedAt),
);
const lineOverAll = platformResult(
  "line",
  lineRequests.map((c) => c.at),
);
const recipientsOf = (c: (typeof lineRequests)[number]) => ((c.body as { to?: string[] }).to ?? []).length;
const broadcastRequests = lineRequests.filter((c) => recipientsOf(c) > 1);
const broadcastRecipients = broadcastRequests.reduce((n, c) => n + recipientsOf(c), 0);
const lineAllowed = 1000 / DEFAULT_LIMITS.line!.perRequestMs;
const lineRecipients = lineRequests.reduce((n, c) => n + recipientsOf(c), 0);
const result = {
  measuredAt: new Date().toISOString(),
  node: process.version,
  command: `npx tsx scripts/bench-fanout.ts ${MEMBERS}`,
  load: { before: Number(loadBefore.toFixed(2)), after: Number(loadavg()[0]!.toFixed(2)), cores: 2 },
  members: MEMBERS,
  latencyMs: { slack: SLACK_LATENCY_MS, line: LINE_LATENCY_MS },
  violationDefinition:
    "an arrival when the allowed number of requests already arrived within the second before it (sliding window, no jitter tolerance); Slack also: two posts into one channel less than 1,000 ms apart",
  deliveries: summary.counts,
  personalLinePushes: {
    queued: pushesQueued.queued,
    sent: await kyodo.db.delivery.count({ where: { source: "bench:personal", state: "sent" } }),
  },
  totalSeconds: Number(((finished - started) / 1000).toFixed(1)),
  slackCallsByMethod: slack.calls.reduce<Record<string, number>>(
    (counts, c) => ({ ...counts, [c.method]: (counts[c.method] ?? 0) + 1 }),
    {},
  ),
  limiterAlone: {
    load: Number(aloneLoad.toFixed(2)),
    ...platformResult("slack", alone),
    violations: platformResult("slack", alone).windowViolations,
  },
  limiterAloneJitteredAnswers: {
    load: Number(jitteredLoad.toFixed(2)),
    answerMs: [SLACK_LATENCY_MS, SLACK_LATENCY_MS + JITTER_MS],
    startSpacingShare: {
      [START_SPACING_SHARE]: platformResult("slack", jittered),
      [OLD_START_SPACING_SHARE]: platformResult("slack", jitteredOldSpacing),
    },
  },
  sharedLimiterOnPostgres: sharedOnPostgres,
  eventLoopDelayMs: {
    p50: Number((loopDelay.percentile(50) / 1e6).toFixed(1)),
    p99: Number((loopDelay.percentile(99) / 1e6).toFixed(1)),
    max: Number((loopDelay.max / 1e6).toFixed(1)),
  },
  slack: {
    ...slackResult,
    recipients: posts.length,
    channelGapViolations: channelViolations,
    violations: slackResult.windowViolations + channelViolations,
  },
  line: {
    ...lineResult,
    paceMeasuredOver: "the requests that arrived after the personal messages were queued (work waiting to be sent)",
    overAllRequests: {
      requests: lineOverAll.requests,
      achievedRequestsPerSecond: lineOverAll.achievedRequestsPerSecond,
      achievedShareOfAllowed: lineOverAll.achievedShareOfAllowed,
      secondsBeforePersonalMessagesQueued: Number(((pushesQueuedAt - Math.min(...lineRequests.map((c) => c.at))) / 1000).toFixed(2)),
    },
    recipients: lineRecipients,
    busiestSecondRequests: lineOverAll.busiestSecondRequests,
    windowViolations: lineOverAll.windowViolations,
    violations: lineOverAll.windowViolations,
    documentedMulticastRequestsPerSecond: LINE_DOCUMENTED.multicastRequestsPerSecond,
    broadcast: {
      requests: broadcastRequests.length,
      recipients: broadcastRecipients,
      /** from the broadcast's creation to the last of its multicasts arriving: queueing, claiming, sending */
      secondsToReachAll: broadcastRequests.length
        ? Number(((Math.max(...broadcastRequests.map((c) => c.at)) - started) / 1000).toFixed(2))
        : null,
      /** what Kyodo's pace allows (50 multicasts of 500 a second), and LINE's documented limit (200 of 500) */
      allowedRecipientsPerSecond: lineAllowed * LINE_DOCUMENTED.multicastRecipients,
      documentedRecipientsPerSecond: LINE_DOCUMENTED.multicastRequestsPerSecond * LINE_DOCUMENTED.multicastRecipients,
    },
    note: "the broadcast's 1,000 LINE recipients take a handful of multicasts (two of 500 alone; more when claimed together with the personal messages); the LINE pace is measured over the requests after the 1,000 personal messages (one request each) were queued; violations over every request",
  },
};
if (process.env.FANOUT_TRACE)
  writeFileSync(
    process.env.FANOUT_TRACE,
    JSON.stringify({ line: lineRequests.map((c) => [c.at - started, recipientsOf(c)]), slack: posts.map((p) => p.at - started) }),
  );
writeFileSync(join(ROOT, "scripts/bench-results/fanout.json"), `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result, null, 2));
await kyodo.dispose();
await slack.close();
await line.stop();
process.exit(0);

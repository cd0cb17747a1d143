// The outbox: every queued message delivered once; rate limits and server errors retried with backoff
// (honouring Retry-After); permanent errors recorded with their reason; many recipients of one message
// sent in multicast batches that keep their retry key across retries.
import { afterAll, beforeAll, expect, it } from "vitest";
import { silentLogger } from "../../src/config/logger.ts";
import { queueGroupMessage } from "../../src/domain/delivery/queue-messages.ts";
import { Outbox } from "../../src/delivery/outbox.ts";
import { RateLimiter } from "../../src/delivery/rate-limiter.ts";
import { DeliveryError } from "../../src/engine/adapter.ts";
import { textMessage } from "../../src/engine/messages.ts";
import { RecordingAdapter, RecordingMulticastAdapter } from "../support/recording-adapter.ts";
import { describeEachProvider } from "../support/postgres.ts";
import type { TestKyodo } from "../support/test-kyodo.ts";

let kyodo: TestKyodo;

const ref = (platform: string, id: string) => JSON.stringify({ platform, workspace: "w", conversationId: id });
const t0 = new Date("2026-11-24T01:00:00Z");
const later = (ms: number) => new Date(t0.getTime() + ms);

async function queue(source: string, platform: string, ids: string[], personId?: string) {
  for (const id of ids) {
    // One text per source: the same message to everyone, as a broadcast is.
    await queueGroupMessage(kyodo.db, {
      source,
      platform,
      target: ref(platform, id),
      message: textMessage(`message ${source}`),
      notBefore: t0,
    });
    if (personId) await kyodo.db.delivery.updateMany({ where: { source, target: ref(platform, id) }, data: { personId } });
  }
}

describeEachProvider("outbox", (provider) => {
  beforeAll(async () => {
    kyodo = await provider.startKyodo({}, { http: false });
  });
  afterAll(async () => kyodo.dispose());

  it("retries a 429 after the wait the platform asked for, and records a permanent failure", async () => {
    const slack = new RecordingAdapter("slack");
    const outbox = new Outbox(kyodo.db, silentLogger(), [slack], new RateLimiter({}));
    await queue("s1", "slack", ["C1", "C2", "C3"]);
    slack.failures = [
      new DeliveryError("rate limited", { retryable: true, retryAfterMs: 30_000, status: 429 }),
      undefined,
      Object.assign(new Error("An API error occurred: channel_not_found"), { code: "slack_webapi_platform_error" }),
    ];
    const first = await outbox.flush(t0);
    expect(first).toEqual({ sent: 1, retrying: 1, failed: 1 });
    const waiting = await kyodo.db.delivery.findFirstOrThrow({ where: { source: "s1", state: "queued" } });
    expect(waiting.nextAttemptAt.getTime() - t0.getTime()).toBe(30_000);
    expect((await kyodo.db.delivery.findFirstOrThrow({ where: { source: "s1", state: "failed" } })).lastError).toContain(
      "channel_not_found",
    );
    expect(await outbox.flush(later(10_000))).toEqual({ sent: 0, retrying: 0, failed: 0 }); // not yet
    expect(await outbox.flush(later(31_000))).toEqual({ sent: 1, retrying: 0, failed: 0 });
    // C1 hit the 429 and was delivered on retry; C2 went through at once; C3 failed for good.
    expect(slack.posts.map((p) => p.ref.conversationId).sort()).toEqual(["C1", "C2"]);
    // Flushing again sends nothing twice.
    expect(await outbox.flush(later(60_000))).toEqual({ sent: 0, retrying: 0, failed: 0 });
  });

  it("reads rate limits straight from SDK errors (Slack retryAfter, LINE status and headers)", async () => {
    const slack = new RecordingAdapter("slack");
    const outbox = new Outbox(kyodo.db, silentLogger(), [slack], new RateLimiter({}));
    await queue("s2", "slack", ["C9"]);
    slack.failures = [Object.assign(new Error("rate limited"), { code: "slack_webapi_rate_limited_error", retryAfter: 7 })];
    await outbox.flush(t0);
    const row = await kyodo.db.delivery.findFirstOrThrow({ where: { source: "s2" } });
    expect(row.nextAttemptAt.getTime() - t0.getTime()).toBe(7_000);
  });

  it("sends one message to many LINE users in batches, reusing the retry key when a batch is retried", async () => {
    const line = new RecordingMulticastAdapter("line", 20);
    const outbox = new Outbox(kyodo.db, silentLogger(), [line], new RateLimiter({}));
    const person = (await kyodo.db.person.findFirstOrThrow()).id;
    await queue(
      "m1",
      "line",
      Array.from({ length: 45 }, (_, i) => `U${i}`),
      person,
    );
    line.failures = [undefined, new DeliveryError("server error", { retryable: true, status: 500 })];
    const first = await outbox.flush(t0);
    expect(first.sent + first.retrying).toBe(45);
    expect(line.multicasts.map((m) => m.refs.length)).toEqual([20, 20, 5]);
    const failedKey = line.multicasts[1]!.retryKey;
    await outbox.flush(later(60_000));
    expect(line.multicasts).toHaveLength(4);
    expect(line.multicasts[3]!.retryKey).toBe(failedKey);
    expect(line.multicasts[3]!.refs.map((r) => r.conversationId)).toEqual(line.multicasts[1]!.refs.map((r) => r.conversationId));
    const delivered = new Set(line.posts.map((p) => p.ref.conversationId));
    expect(delivered.size).toBe(45);
    expect(line.posts).toHaveLength(45);
    expect(await kyodo.db.delivery.count({ where: { source: "m1", state: "sent" } })).toBe(45);
  });

  it("a batch the platform already accepted (409 on retry) counts as sent", async () => {
    const line = new RecordingMulticastAdapter("line", 500);
    const outbox = new Outbox(kyodo.db, silentLogger(), [line], new RateLimiter({}));
    const person = (await kyodo.db.person.findFirstOrThrow()).id;
    await queue("m2", "line", ["Ux", "Uy"], person);
    line.failures = [Object.assign(new Error("conflict"), { status: 409 })];
    expect(await outbox.flush(t0)).toEqual({ sent: 2, retrying: 0, failed: 0 });
  });

  it("spaces messages into one conversation (Slack: one per second per channel)", async () => {
    const slack = new RecordingAdapter("slack");
    const outbox = new Outbox(kyodo.db, silentLogger(), [slack], new RateLimiter({ slack: { perConversationMs: 300, perRequestMs: 0 } }));
    for (const s of ["r1", "r2", "r3"]) await queue(s, "slack", ["C-same"]);
    await outbox.flush(t0);
    const times = slack.posts.filter((p) => p.ref.conversationId === "C-same").map((p) => p.at);
    expect(times).toHaveLength(3);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(290);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(290);
  });

  it("a process without a channel leaves that channel's deliveries queued for a process that runs it", async () => {
    // A console `npm start` without SMTP_URL beside the server: it must not fail the server's mail.
    const consoleOnly = new Outbox(kyodo.db, silentLogger(), [new RecordingAdapter("console")], new RateLimiter({}));
    await queue("x1", "email", ["someone@city.example.jp"]);
    expect(await consoleOnly.flush(t0)).toEqual({ sent: 0, retrying: 0, failed: 0 });
    const row = await kyodo.db.delivery.findFirstOrThrow({ where: { source: "x1" } });
    expect([row.state, row.attempts, row.lastError]).toEqual(["queued", 0, null]);
    const email = new RecordingAdapter("email");
    const server = new Outbox(kyodo.db, silentLogger(), [email], new RateLimiter({}));
    expect(await server.flush(later(1000))).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(email.posts.map((p) => p.ref.conversationId)).toEqual(["someone@city.example.jp"]);
  });

  it("gives up on a send the platform never answers, and retries it later instead of holding the tick", async () => {
    const hanging = new RecordingAdapter("slack");
    hanging.post = () => new Promise<void>(() => undefined);
    const outbox = new Outbox(kyodo.db, silentLogger(), [hanging], { limiter: new RateLimiter({}), sendTimeoutMs: 100 });
    await queue("hang", "slack", ["C-hang"]);
    expect(await outbox.flush(t0)).toEqual({ sent: 0, retrying: 1, failed: 0 });
    const row = await kyodo.db.delivery.findFirstOrThrow({ where: { source: "hang" } });
    expect([row.state, row.lastError]).toEqual(["queued", "no answer within 100 ms"]);
  });
});

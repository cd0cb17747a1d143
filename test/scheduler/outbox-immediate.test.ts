// The outbox sends as soon as work is queued and in parallel across conversations (issue #15): a running
// Kyodo watches for queued deliveries — what this process queues is sent at once, what another process
// (the CLI) queued is seen within a second — instead of waiting for the scheduler's 15-second tick; and a
// fan-out to many conversations of one platform has several requests in flight, while each conversation
// still gets its messages one at a time, in order.
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../src/config/logger.ts";
import { Outbox } from "../../src/delivery/outbox.ts";
import { RateLimiter } from "../../src/delivery/rate-limiter.ts";
import { queueGroupMessage } from "../../src/domain/delivery/queue-messages.ts";
import type { ConversationRef, OutboundMessage } from "../../src/engine/messages.ts";
import { textMessage } from "../../src/engine/messages.ts";
import { openDatabase } from "../../src/storage/database.ts";
import { RecordingAdapter } from "../support/recording-adapter.ts";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";

/** A platform that answers each request after a while, and counts what it has in flight. */
class SlowAdapter extends RecordingAdapter {
  inFlight = 0;
  maxInFlight = 0;
  readonly perConversation = new Map<string, number>();
  maxPerConversation = 0;
  override async post(ref: ConversationRef, message: OutboundMessage): Promise<void> {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    const here = (this.perConversation.get(ref.conversationId) ?? 0) + 1;
    this.perConversation.set(ref.conversationId, here);
    this.maxPerConversation = Math.max(this.maxPerConversation, here);
    await sleep(100);
    this.perConversation.set(ref.conversationId, here - 1);
    this.inFlight -= 1;
    await super.post(ref, message);
  }
}

const target = (platform: string, id: string) => JSON.stringify({ platform, workspace: "w", conversationId: id });

describe("a running Kyodo's outbox", () => {
  let kyodo: TestKyodo;
  let recorder: RecordingAdapter;
  beforeAll(async () => {
    // No scheduler ticks at all: whatever is sent here was sent because it was queued.
    kyodo = await startTestKyodo({}, { http: false, scheduler: false, outboxWatch: true });
    recorder = new RecordingAdapter("webhook");
    kyodo.outbox.register(recorder);
  });
  afterAll(async () => kyodo?.dispose());

  const waitFor = async (done: () => boolean) => {
    for (let i = 0; i < 200 && !done(); i++) await sleep(25);
    return done();
  };

  it("sends what this process queues, without a tick", async () => {
    await queueGroupMessage(kyodo.db, {
      source: "now-1",
      platform: "webhook",
      target: target("webhook", "c1"),
      message: textMessage("now-1"),
      notBefore: new Date(),
    });
    expect(await waitFor(() => recorder.textsFor("c1").length > 0)).toBe(true);
    expect(recorder.textsFor("c1")).toEqual(["now-1"]);
  });

  it("sends what another process queued, without a tick", async () => {
    const cli = openDatabase(kyodo.databaseUrl);
    try {
      await cli.delivery.create({
        data: {
          source: "cli-1",
          platform: "webhook",
          target: target("webhook", "c2"),
          message: JSON.stringify(textMessage("cli-1")),
          nextAttemptAt: new Date(),
          idempotencyKey: "cli-1",
        },
      });
    } finally {
      await cli.$disconnect();
    }
    expect(await waitFor(() => recorder.textsFor("c2").length > 0)).toBe(true);
  });
});

describe("fan-out within one platform", () => {
  let kyodo: TestKyodo;
  beforeAll(async () => {
    kyodo = await startTestKyodo({}, { http: false });
  });
  afterAll(async () => kyodo?.dispose());

  it("has several conversations in flight at once, and each conversation's messages one at a time, in order", async () => {
    const now = new Date();
    const slack = new SlowAdapter("slack");
    const outbox = new Outbox(kyodo.db, silentLogger(), [slack], { limiter: new RateLimiter({}), clock: () => now });
    for (let i = 0; i < 20; i++)
      await queueGroupMessage(kyodo.db, {
        source: `fan-${i}`,
        platform: "slack",
        target: target("slack", `C${i}`),
        message: textMessage(`fan-${i}`),
        notBefore: now,
      });
    for (const n of [1, 2, 3])
      await queueGroupMessage(kyodo.db, {
        source: `seq-${n}`,
        platform: "slack",
        target: target("slack", "C0"),
        message: textMessage(`seq-${n}`),
        notBefore: now,
      });
    const report = await outbox.flush(now);
    expect(report.sent).toBe(23);
    expect(slack.maxInFlight).toBeGreaterThan(1);
    expect(slack.maxPerConversation).toBe(1);
    expect(slack.textsFor("C0")).toEqual(["fan-0", "seq-1", "seq-2", "seq-3"]);
  });
});

// The outbox sends as soon as work is queued (issue #15): a kick, not the next 15-s tick; and it sends
// to several platforms side by side, so a slow platform does not hold up another.
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../src/config/logger.ts";
import { Outbox } from "../../src/delivery/outbox.ts";
import { RateLimiter } from "../../src/delivery/rate-limiter.ts";
import { queueGroupMessage } from "../../src/domain/delivery/queue-messages.ts";
import type { ConversationRef, OutboundMessage } from "../../src/engine/messages.ts";
import { textMessage } from "../../src/engine/messages.ts";
import { RecordingAdapter } from "../support/recording-adapter.ts";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";

let kyodo: TestKyodo;
beforeAll(async () => {
  kyodo = await startTestKyodo({}, { http: false });
});
afterAll(async () => kyodo?.dispose());

/** A platform that takes its time to answer each request. */
class SlowAdapter extends RecordingAdapter {
  override async post(ref: ConversationRef, message: OutboundMessage): Promise<void> {
    await sleep(150);
    await super.post(ref, message);
  }
}

const queue = (source: string, platform: string, id: string, at: Date) =>
  queueGroupMessage(kyodo.db, {
    source,
    platform,
    target: JSON.stringify({ platform, workspace: "w", conversationId: id }),
    message: textMessage(source),
    notBefore: at,
  });

describe("outbox kicks", () => {
  it("sends what was just queued without a tick", async () => {
    const now = new Date();
    const console = new RecordingAdapter("console");
    const outbox = new Outbox(kyodo.db, silentLogger(), [console], { limiter: new RateLimiter({}), clock: () => now });
    await queue("kick-1", "console", "local", now);
    outbox.kick();
    await outbox.idle();
    expect(console.textsFor("local")).toEqual(["kick-1"]);
    // Kicks while a run is going make one more run, so what was queued meanwhile is not left behind.
    await queue("kick-2", "console", "local", now);
    outbox.kick();
    await queue("kick-3", "console", "local", now);
    outbox.kick();
    await outbox.idle();
    expect(console.textsFor("local")).toEqual(["kick-1", "kick-2", "kick-3"]);
  });

  it("sends to two platforms side by side", async () => {
    const now = new Date();
    const slow = new SlowAdapter("slack");
    const fast = new RecordingAdapter("line");
    const outbox = new Outbox(kyodo.db, silentLogger(), [slow, fast], { limiter: new RateLimiter({}), clock: () => now });
    // Queued first, the slow platform's messages would hold up the other one if sent in turn.
    for (const id of ["C1", "C2", "C3"]) await queue(`side-${id}`, "slack", id, now);
    await queue("side-line", "line", "C-line", now);
    expect(await outbox.flush(now)).toEqual({ sent: 4, retrying: 0, failed: 0 });
    expect(fast.posts[0]!.at).toBeLessThan(slow.posts[2]!.at);
  });
});

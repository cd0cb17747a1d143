// Seen in bench-fanout (issue #15): personal LINE messages queued while a broadcast was going out waited
// about 70 seconds — until the broadcast's last Slack post — because a kick's run covered every platform
// and the next run started only when the slowest was done. Each platform's run now goes on by itself:
// what is queued for LINE while Slack is still sending goes out at once.
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

/** A platform whose requests are held until released. */
class HeldAdapter extends RecordingAdapter {
  release!: () => void;
  readonly released = new Promise<void>((resolve) => (this.release = resolve));
  override async post(ref: ConversationRef, message: OutboundMessage): Promise<void> {
    await this.released;
    await super.post(ref, message);
  }
}

const queue = (source: string, platform: string, id: string) =>
  queueGroupMessage(kyodo.db, {
    source,
    platform,
    target: JSON.stringify({ platform, workspace: "w", conversationId: id }),
    message: textMessage(source),
    notBefore: new Date(Date.now() - 1000),
  });

describe("outbox runs per platform", () => {
  it("sends what was queued for one platform while another is still sending", async () => {
    const slack = new HeldAdapter("slack");
    const line = new RecordingAdapter("line");
    const outbox = new Outbox(kyodo.db, silentLogger(), [slack, line], { limiter: new RateLimiter({}) });
    await queue("held-slack", "slack", "C1");
    outbox.kick();
    await sleep(300); // Slack's send is under way (and held)
    await queue("line-after", "line", "U1");
    outbox.kick();
    const sentToLine = async () => {
      for (let i = 0; i < 100 && line.posts.length === 0; i++) await sleep(50);
      return line.posts.length;
    };
    try {
      expect(await sentToLine()).toBe(1);
      expect(slack.posts).toHaveLength(0);
    } finally {
      slack.release();
      await outbox.idle();
    }
    expect(slack.textsFor("C1")).toEqual(["held-slack"]);
  });
});

// A Kyodo process killed (kill -9) in the middle of a send (issue #14): its claim is a short lease,
// renewed while it is alive, so another process takes the delivery over soon after the lease runs out
// — not after ten minutes — and resends it under the same LINE retry key, so LINE can recognise it.
import { spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, expect, it } from "vitest";
import { LineAdapter } from "../../src/adapters/line/line-adapter.ts";
import { silentLogger } from "../../src/config/logger.ts";
import { Outbox } from "../../src/delivery/outbox.ts";
import { RateLimiter } from "../../src/delivery/rate-limiter.ts";
import { queueGroupMessage } from "../../src/domain/delivery/queue-messages.ts";
import { textMessage } from "../../src/engine/messages.ts";
import { DbActionPayloadStore } from "../../src/storage/action-payloads.ts";
import { FakeLineApi } from "../line/support/fake-line-api.ts";
import { ROOT } from "../support/run-command.ts";
import { describeEachProvider } from "../support/postgres.ts";
import type { TestKyodo } from "../support/test-kyodo.ts";

const LEASE_MS = 1_500;
let kyodo: TestKyodo;
let line: FakeLineApi;

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describeEachProvider("outbox leases", (provider) => {
  beforeAll(async () => {
    kyodo = await provider.startKyodo({}, { http: false });
    line = await new FakeLineApi().start();
  });
  afterAll(async () => {
    await line?.stop();
    await kyodo?.dispose();
  });

  it("a delivery held by a process killed mid-send is taken over after a short lease and resent with the same retry key", async () => {
    const target = JSON.stringify({ platform: "line", workspace: "W", conversationId: "C-crash" });
    await queueGroupMessage(kyodo.db, {
      source: "crash",
      platform: "line",
      target,
      message: textMessage("議事録を掲載しました"),
      notBefore: new Date(Date.now() - 1000),
    });
    const row = () => kyodo.db.delivery.findFirstOrThrow({ where: { source: "crash" } });
    // LINE receives the push but the process dies before any answer.
    line.failNext("/v2/bot/message/push", { status: 0, hang: true });
    const worker = spawn(
      `${ROOT}node_modules/.bin/tsx`,
      ["test/support/outbox-worker.ts", kyodo.databaseUrl, line.baseUrl, line.token, String(LEASE_MS)],
      { cwd: ROOT, stdio: "ignore" },
    );
    const exited = new Promise((resolve) => worker.on("exit", resolve));
    try {
      await until(() => line.callsTo("/v2/bot/message/push").length === 1, "the worker's push");
      const inFlight = line.callsTo("/v2/bot/message/push")[0]!;

      // While the worker lives it renews its lease: after more than one lease, nobody else takes it.
      const adapter = new LineAdapter({
        channelSecret: "s",
        channelAccessToken: line.token,
        apiBaseUrl: line.baseUrl,
        payloads: new DbActionPayloadStore(kyodo.db),
        logger: silentLogger(),
      });
      const other = new Outbox(kyodo.db, silentLogger(), [adapter], { limiter: new RateLimiter({}), leaseMs: LEASE_MS });
      await sleep(LEASE_MS * 2);
      expect(await other.flush(new Date())).toEqual({ sent: 0, retrying: 0, failed: 0 });
      expect((await row()).state).toBe("sending");

      worker.kill("SIGKILL");
      await exited;
      const killedAt = Date.now();
      // The lease it left runs out within one lease of its death (not ten minutes)...
      const held = await row();
      expect(held.state).toBe("sending");
      expect(held.nextAttemptAt.getTime()).toBeLessThanOrEqual(killedAt + LEASE_MS);
      expect(await other.flush(new Date(held.nextAttemptAt.getTime() - 1))).toEqual({ sent: 0, retrying: 0, failed: 0 });
      // ...and then the other process sends it, with the retry key of the request in flight.
      expect(await other.flush(new Date(held.nextAttemptAt.getTime() + 1))).toEqual({ sent: 1, retrying: 0, failed: 0 });
      const resent = line.callsTo("/v2/bot/message/push")[1]!;
      expect(resent.headers["x-line-retry-key"]).toBe(inFlight.headers["x-line-retry-key"]);
      expect(resent.headers["x-line-retry-key"]).toBe((await row()).idempotencyKey);
      expect((await row()).state).toBe("sent");
    } finally {
      worker.kill("SIGKILL");
    }
  }, 90_000);
});

// kyodo deliveries status / retry: failures of any kind (ballot emails, reminders), not only
// broadcasts, can be seen with their reasons and put back in the queue from the command line.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queueGroupMessage } from "../../src/domain/delivery/queue-messages.ts";
import { textMessage } from "../../src/engine/messages.ts";
import { runCli } from "../support/run-command.ts";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";

let kyodo: TestKyodo;
let env: Record<string, string>;
beforeAll(async () => {
  kyodo = await startTestKyodo({}, { http: false });
  env = { DATABASE_URL: kyodo.databaseUrl, KYODO_COUNCIL: kyodo.council.slug };
  const at = new Date();
  for (const [source, target] of [
    ["reminder:d1:3", "a@city.example.jp"],
    ["ballot:b1", "b@city.example.jp"],
  ] as const) {
    await queueGroupMessage(kyodo.db, { source, platform: "email", target, message: textMessage("x"), notBefore: at });
  }
  await kyodo.db.delivery.updateMany({
    where: { platform: "email" },
    data: { state: "failed", attempts: 8, lastError: "relay unreachable" },
  });
});
afterAll(async () => kyodo?.dispose());

describe("kyodo deliveries", () => {
  it("shows counts and reasons, and retries failures of one kind", async () => {
    const status = await runCli(["deliveries", "status", "--platform", "email"], env);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/email\s+failed\s+2/);
    expect(status.stdout).toContain("reminder:d1:3: relay unreachable");
    const retry = await runCli(["deliveries", "retry", "--source", "reminder:"], env);
    expect(retry.code, retry.stderr).toBe(0);
    expect(retry.stdout).toContain("失敗した配信1件を送信待ち行列に戻しました。");
    const rows = await kyodo.db.delivery.findMany({ where: { platform: "email" }, orderBy: { source: "asc" } });
    expect(rows.map((r) => [r.source, r.state, r.attempts])).toEqual([
      ["ballot:b1", "failed", 8],
      ["reminder:d1:3", "queued", 0],
    ]);
    // Sending again is a change like any other: it is in the audit log, with what and how many.
    const audited = await kyodo.db.auditEntry.findFirstOrThrow({ where: { action: "deliveries.retry" } });
    expect(audited.actor).toMatch(/^cli:/);
    expect(JSON.parse(audited.payload)).toMatchObject({ source: "reminder:", count: 1 });
  }, 60_000);
});

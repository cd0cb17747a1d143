// Stopping an instance (a rolling restart): /readyz says "not ready" from the first moment of the stop, and a
// real Kyodo process given SIGTERM finishes what it holds, leaves no claim behind and exits cleanly within
// 10 s — the grace period container platforms give before SIGKILL.
import { afterAll, beforeAll, expect, it } from "vitest";
import { checkReadiness } from "../../src/http/readiness.ts";
import { openDatabase } from "../../src/storage/database.ts";
import { startKyodoChild } from "../support/kyodo-child.ts";
import { describeEachProvider, type TestDatabase } from "../support/postgres.ts";

describeEachProvider("graceful stop", (provider) => {
  let database: TestDatabase & { env: Record<string, string> };
  beforeAll(async () => {
    database = await provider.database();
  });
  afterAll(async () => database?.drop());

  it("readyz is 200 once channels run and 503 from the moment the instance begins to stop", async () => {
    const kyodo = await provider.startKyodo();
    const res = await fetch(`${kyodo.baseUrl}/readyz`);
    expect([res.status, ((await res.json()) as { channels: string }).channels]).toEqual([200, "started"]);
    const closing = kyodo.close();
    expect(kyodo.lifecycle.channels).toBe("stopping");
    expect(await checkReadiness(kyodo.db, kyodo.lifecycle)).toMatchObject({ ready: false, channels: "stopping" });
    await closing;
    await kyodo.dispose();
  });

  it("a real process exits cleanly within 10 s of SIGTERM and holds nothing afterwards", async () => {
    const child = await startKyodoChild({ ...database.env, AUDIT_CHECKPOINT_CRON: "off" });
    expect((await fetch(`${child.baseUrl}/readyz`)).status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.process.once("exit", (code) => resolve(code)));
    child.process.kill("SIGTERM");
    const code = await Promise.race([
      exited,
      new Promise<string>((resolve) => setTimeout(() => resolve("still running after 10 s"), 10_000)),
    ]);
    expect(code, child.stderr()).toBe(0);
    const db = openDatabase(database.databaseUrl);
    try {
      expect(await db.lease.count()).toBe(0);
      expect(await db.job.count({ where: { state: "running" } })).toBe(0);
      expect(await db.delivery.count({ where: { state: "sending" } })).toBe(0);
    } finally {
      await db.$disconnect();
    }
  });
});

// LINE's monthly message quota is the council's, not one instance's: once LINE refuses a send because the
// month's messages are used up, another instance on the same database fails its LINE deliveries with the
// same reason without asking LINE again (LINE asks senders with several processes to share what they know
// of its limits); and after the hour the mark holds, a send asks LINE again. Real @line/bot-sdk against the
// fake LINE API, on SQLite and on PostgreSQL.
import { afterAll, beforeAll, expect, it } from "vitest";
import { LineAdapter } from "../../src/adapters/line/line-adapter.ts";
import { silentLogger } from "../../src/config/logger.ts";
import { ASK_AGAIN_AFTER_MS, nextMonthInJapan } from "../../src/delivery/monthly-quota.ts";
import { Outbox } from "../../src/delivery/outbox.ts";
import { RateLimiter } from "../../src/delivery/rate-limiter.ts";
import { queueGroupMessage } from "../../src/domain/delivery/queue-messages.ts";
import { textMessage } from "../../src/engine/messages.ts";
import { DbActionPayloadStore } from "../../src/storage/action-payloads.ts";
import { openDatabase, type Db } from "../../src/storage/database.ts";
import { FakeLineApi } from "../line/support/fake-line-api.ts";
import { CHANNEL_SECRET } from "../line/support/line-webhook.ts";
import { describeEachProvider } from "../support/postgres.ts";
import type { TestKyodo } from "../support/test-kyodo.ts";

describeEachProvider("LINE monthly quota shared by instances", (provider) => {
  let kyodo: TestKyodo;
  let otherDb: Db;
  let line: FakeLineApi;
  beforeAll(async () => {
    kyodo = await provider.startKyodo({}, { http: false });
    otherDb = openDatabase(kyodo.databaseUrl);
    line = await new FakeLineApi().start();
  });
  afterAll(async () => {
    await line?.stop();
    await otherDb?.$disconnect();
    await kyodo?.dispose();
  });

  /** One Kyodo instance's outbox: its own database connection, its own LINE client. */
  const instance = (db: Db) => {
    const adapter = new LineAdapter({
      channelSecret: CHANNEL_SECRET,
      channelAccessToken: line.token,
      apiBaseUrl: line.baseUrl,
      payloads: new DbActionPayloadStore(db),
      logger: silentLogger(),
    });
    return new Outbox(db, silentLogger(), [adapter], new RateLimiter({}));
  };
  const queue = (source: string, at: Date) =>
    queueGroupMessage(kyodo.db, {
      source,
      platform: "line",
      target: JSON.stringify({ platform: "line", workspace: "W-quota", conversationId: `C-${source}` }),
      message: textMessage(`お知らせ ${source}`),
      notBefore: at,
    });
  const lastError = async (source: string) => (await kyodo.db.delivery.findFirstOrThrow({ where: { source } })).lastError;

  it("starts next month's count at midnight Japan time", () => {
    expect(nextMonthInJapan(new Date("2026-12-31T14:59:59Z")).toISOString()).toBe("2026-12-31T15:00:00.000Z");
    expect(nextMonthInJapan(new Date("2026-12-31T15:00:00Z")).toISOString()).toBe("2027-01-31T15:00:00.000Z");
  });

  it("one instance refused for the month: the other fails its LINE sends with that reason without asking LINE", async () => {
    const t0 = new Date(Date.now() - 1000);
    await queue("quota-a", t0);
    line.failNext("/v2/bot/message/push", { status: 429, body: { message: "You have reached your monthly limit." } });
    expect(await instance(kyodo.db).flush(t0)).toEqual({ sent: 0, retrying: 0, failed: 1 });
    expect(line.callsTo("/v2/bot/message/push")).toHaveLength(1);
    const mark = await kyodo.db.rateLimitSlot.findUniqueOrThrow({ where: { key: "quota:line:W-quota" } });
    // An hour from now, or the start of next month in Japan if that comes first.
    const expected = Math.min(Date.now() + ASK_AGAIN_AFTER_MS, nextMonthInJapan(new Date()).getTime());
    expect(Math.abs(mark.lastAt.getTime() - expected)).toBeLessThan(60_000);

    await queue("quota-b", t0);
    expect(await instance(otherDb).flush(t0)).toEqual({ sent: 0, retrying: 0, failed: 1 });
    expect(line.callsTo("/v2/bot/message/push")).toHaveLength(1); // LINE was not asked again
    expect(await lastError("quota-b")).toContain("monthly message limit");
  });

  it("once the mark has run out, a send asks LINE again, and its success clears the mark", async () => {
    // The hour has passed (the mark is moved back rather than the clock forward).
    await kyodo.db.rateLimitSlot.update({ where: { key: "quota:line:W-quota" }, data: { lastAt: new Date(Date.now() - 1) } });
    const t0 = new Date(Date.now() - 1000);
    await queue("quota-c", t0);
    expect(await instance(otherDb).flush(t0)).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(line.callsTo("/v2/bot/message/push")).toHaveLength(2);
    expect(await kyodo.db.rateLimitSlot.findUnique({ where: { key: "quota:line:W-quota" } })).toBeNull();
  });
});

// A second Kyodo process for tests: flushes the outbox through the real LINE adapter against a (fake)
// LINE API, holding its claims under a short lease. The test kills it mid-send (kill -9).
// Usage: tsx outbox-worker.ts <databaseUrl> <lineApiBaseUrl> <lineToken> <leaseMs>
import { LineAdapter } from "../../src/adapters/line/line-adapter.ts";
import { silentLogger } from "../../src/config/logger.ts";
import { Outbox } from "../../src/delivery/outbox.ts";
import { RateLimiter } from "../../src/delivery/rate-limiter.ts";
import { DbActionPayloadStore } from "../../src/storage/action-payloads.ts";
import { openDatabase } from "../../src/storage/database.ts";

const [databaseUrl, apiBaseUrl, token, leaseMs] = process.argv.slice(2) as [string, string, string, string];
const db = openDatabase(databaseUrl);
const line = new LineAdapter({
  channelSecret: "worker-secret",
  channelAccessToken: token,
  apiBaseUrl,
  payloads: new DbActionPayloadStore(db),
  logger: silentLogger(),
});
const outbox = new Outbox(db, silentLogger(), [line], { limiter: new RateLimiter({}), leaseMs: Number(leaseMs) });
process.stdout.write("flushing\n");
const report = await outbox.flush(new Date());
process.stdout.write(JSON.stringify(report));
await db.$disconnect();

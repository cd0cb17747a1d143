// Issue #14 on LINE: a real Kyodo process answers 200 to a signed webhook with a vote (the 全議案に賛成
// quick reply) and is killed with SIGKILL before working on it. Restarted, it records the vote exactly
// once, and LINE's redelivery of the same webhookEventId changes nothing.
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Db, inboxDbOf } from "../../src/storage/database.ts";
import { startKyodoChild, type KyodoChild } from "../support/kyodo-child.ts";
import { startTestKyodo } from "../support/test-kyodo.ts";
import { createExampleBallot } from "../motions/support.ts";
import { FakeLineApi } from "./support/fake-line-api.ts";
import { deliveredText, quickReplyItems } from "./support/line-kyodo.ts";
import { CHANNEL_SECRET, postbackEvent, postWebhook, textEvent, webhookEventId } from "./support/line-webhook.ts";

let line: FakeLineApi;
let dir: string;
let databaseUrl: string;
let db: Db;
const children: KyodoChild[] = [];
let press: object;
const user = "U00000000000000000000000000tanaka";
const lineEnv = () => ({ LINE_CHANNEL_SECRET: CHANNEL_SECRET, LINE_CHANNEL_ACCESS_TOKEN: line.token, LINE_API_BASE_URL: line.baseUrl });
const env = () => ({ DATABASE_URL: databaseUrl, ...lineEnv() });

async function until<T>(probe: () => Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error("waited in vain");
    await new Promise((r) => setTimeout(r, 100));
  }
}

const tanakaVotes = async () =>
  db.motionVote.findMany({ where: { personId: (await db.person.findFirstOrThrow({ where: { handle: "tanaka" } })).id } });

beforeAll(async () => {
  line = await new FakeLineApi().start();
  // Tanaka links LINE and opens the ballot in a Kyodo in this process, which then stops.
  const kyodo = await startTestKyodo(lineEnv());
  ({ dir, databaseUrl } = kyodo);
  const send = async (event: object) => {
    expect((await postWebhook(kyodo.baseUrl, [event])).status).toBe(200);
    await until(
      async () =>
        (await inboxDbOf(kyodo.db).inboxEvent.count({ where: { status: { in: ["pending", "running"] } } })) === 0 &&
        (await kyodo.inbox.idle(), true),
    );
  };
  await send(textEvent({ userId: user, text: `link ${await kyodo.codeFor("tanaka")}` }));
  const now = new Date();
  await createExampleBallot(kyodo, now, { deadline: new Date(now.getTime() + 7 * 86_400_000) });
  await send(textEvent({ userId: user, text: "投票" }));
  const all = quickReplyItems(line.deliveries.at(-1)).find((i) => i.label === "全議案に賛成");
  if (!all) throw new Error(`no 全議案に賛成 quick reply in ${JSON.stringify(line.deliveries)}`);
  press = postbackEvent({ userId: user, data: all.data, webhookEventId: webhookEventId() });
  await kyodo.close();
  db = openDatabase(databaseUrl);
}, 60_000);

afterAll(async () => {
  for (const child of children) await child.crash().catch(() => undefined);
  await db?.$disconnect();
  await line?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("a vote acknowledged to LINE survives kill -9", () => {
  it("is recorded once after a restart, and LINE's redelivery changes nothing", async () => {
    const first = await startKyodoChild({ ...env(), KYODO_TEST_HOLD_WORK_MS: "60000" });
    children.push(first);
    expect((await postWebhook(first.baseUrl, [press])).status).toBe(200);
    await first.crash();
    expect(await tanakaVotes()).toHaveLength(0);

    line.reset();
    const second = await startKyodoChild(env());
    children.push(second);
    const votes = await until(async () => {
      const found = await tanakaVotes();
      return found.length > 0 && found;
    });
    expect(votes.map((v) => v.choice)).toEqual(["for", "for", "for", "for"]);
    await until(() => Promise.resolve(line.deliveries.length > 0));
    expect(deliveredText(line.deliveries)).toContain("表決を受け付けました");

    // LINE redelivers the webhook it may think failed: same webhookEventId, isRedelivery set.
    expect((await postWebhook(second.baseUrl, [{ ...press, deliveryContext: { isRedelivery: true } }])).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await tanakaVotes()).toHaveLength(4);
    expect(line.deliveries).toHaveLength(1);
    await second.stop();
  }, 120_000);
});

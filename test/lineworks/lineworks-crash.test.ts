// Issue #14 on LINE WORKS: a real Kyodo process answers 200 to a signed callback with a vote (the
// 全議案に賛成 button) and is killed with SIGKILL before working on it. Restarted, it records the vote
// exactly once and sends the receipt (with a token of its own: the first process's cache died with it);
// the same signed callback arriving again changes nothing.
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Db, inboxDbOf } from "../../src/storage/database.ts";
import { startKyodoChild, type KyodoChild } from "../support/kyodo-child.ts";
import { startTestKyodo } from "../support/test-kyodo.ts";
import { createExampleBallot } from "../motions/support.ts";
import { FakeLineWorks } from "./support/fake-lineworks-api.ts";
import { buttonEvent, postCallback, textEvent } from "./support/lineworks-callback.ts";
import { buttonsOf, deliveredText, lineworksEnv } from "./support/lineworks-kyodo.ts";

let works: FakeLineWorks;
let dir: string;
let databaseUrl: string;
let db: Db;
const children: KyodoChild[] = [];
let press: object;
const user = "works-tanaka-crash";
const env = () => ({ DATABASE_URL: databaseUrl, ...lineworksEnv(works) });

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
  works = await new FakeLineWorks().start();
  // Tanaka links LINE WORKS and opens the ballot in a Kyodo in this process, which then stops.
  const kyodo = await startTestKyodo(lineworksEnv(works));
  ({ dir, databaseUrl } = kyodo);
  const send = async (event: object) => {
    expect((await postCallback(kyodo.baseUrl, event)).status).toBe(200);
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
  const all = buttonsOf(works.deliveries.at(-1)?.content).find((b) => b.label === "全議案に賛成");
  if (!all) throw new Error(`no 全議案に賛成 button in ${JSON.stringify(works.deliveries.at(-1))}`);
  press = buttonEvent({ userId: user, text: all.label, postback: all.postback });
  await kyodo.close();
  db = openDatabase(databaseUrl);
}, 60_000);

afterAll(async () => {
  for (const child of children) await child.crash().catch(() => undefined);
  await db?.$disconnect();
  await works?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("a vote acknowledged to LINE WORKS survives kill -9", () => {
  it("is recorded once after a restart, and the same callback again changes nothing", async () => {
    const first = await startKyodoChild({ ...env(), KYODO_TEST_HOLD_WORK_MS: "60000" });
    children.push(first);
    expect((await postCallback(first.baseUrl, press)).status).toBe(200);
    await first.crash();
    expect(await tanakaVotes()).toHaveLength(0);

    works.reset();
    const second = await startKyodoChild(env());
    children.push(second);
    const votes = await until(async () => {
      const found = await tanakaVotes();
      return found.length > 0 && found;
    });
    expect(votes.map((v) => v.choice)).toEqual(["for", "for", "for", "for"]);
    await until(() => Promise.resolve(works.deliveries.length > 0));
    await until(() => Promise.resolve(deliveredText(works.deliveries).includes("すべての議案の表決を受け付けました")));
    expect(deliveredText(works.deliveries)).toMatch(/受付番号 [A-Z2-9]{4}-[A-Z2-9]{4}/);
    const answered = works.deliveries.length;

    expect((await postCallback(second.baseUrl, press)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await tanakaVotes()).toHaveLength(4);
    expect(works.deliveries).toHaveLength(answered);
    await second.stop();
  }, 120_000);
});

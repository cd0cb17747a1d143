// Issue #14: Slack is acknowledged only once the delivery is stored. When Kyodo cannot store it (the
// database refuses), Slack gets a 500 and retries, instead of a 200 for an event that would be lost;
// the retry, once the database is back, is handled.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";
import { BOT_TOKEN, FakeSlack } from "./support/fake-slack.ts";
import { directMessage, dmOf, sendEvent, sendSlash, SIGNING_SECRET, slashCommand, type SlackPerson } from "./support/slack-requests.ts";
import { inboxDbOf } from "../../src/storage/database.ts";

let fake: FakeSlack;
let kyodo: TestKyodo;
const ito: SlackPerson = { team: "T0001", user: "U0ITO" };

beforeAll(async () => {
  fake = await FakeSlack.start();
  kyodo = await startTestKyodo({ SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: fake.apiUrl });
});
afterAll(async () => {
  await kyodo?.dispose();
  await fake?.close();
});

describe("the Slack acknowledgement", () => {
  it("is a 500, not a 200, while the event cannot be stored; Slack's retry is then handled once", async () => {
    await inboxDbOf(kyodo.db).$executeRawUnsafe(
      `CREATE TRIGGER refuse_inbox BEFORE INSERT ON "InboxEvent" BEGIN SELECT RAISE(ABORT, 'disk full'); END;`,
    );
    const envelope = directMessage(ito, "help");
    expect((await sendEvent(kyodo.baseUrl, envelope)).status).toBe(500);
    const slash = slashCommand(ito, "help", fake.responseUrl());
    expect((await sendSlash(kyodo.baseUrl, slash)).status).toBe(500);
    await fake.settle(300);
    expect(fake.callsTo("chat.postMessage").filter((c) => c.args.channel === dmOf(ito))).toHaveLength(0);

    await inboxDbOf(kyodo.db).$executeRawUnsafe(`DROP TRIGGER refuse_inbox`);
    expect((await sendEvent(kyodo.baseUrl, envelope, { retryNum: 1 })).status).toBe(200);
    const answers = () => fake.callsTo("chat.postMessage").filter((c) => c.args.channel === dmOf(ito)).length;
    await fake.waitFor(() => answers() > 0);
    await kyodo.inbox.idle();
    const answered = answers();
    expect((await sendEvent(kyodo.baseUrl, envelope, { retryNum: 2 })).status).toBe(200);
    await kyodo.inbox.idle();
    await fake.settle(300);
    expect(answers()).toBe(answered);
    expect(await inboxDbOf(kyodo.db).inboxEvent.count({ where: { dedupeKey: `slack:T0001:${envelope.event_id}` } })).toBe(1);
  });
});

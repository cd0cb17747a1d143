// A secretariat's CLI command writing beside the running server (an import in one long transaction) holds
// SQLite's write lock. The server must keep answering meanwhile: a write that finds the lock taken waits
// without blocking the event loop (issue #15 measured a synchronous busy-wait of up to 5 s that stalled
// every request), and it goes through once the lock is released. Acknowledgements do not even wait for
// the main file's lock: the inbox has a file of its own (src/storage/inbox-schema.ts).
import type { Client } from "@libsql/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openRawConnection } from "../../src/storage/database.ts";
import { inboxFileUrl } from "../../src/storage/inbox-schema.ts";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";
import { BOT_TOKEN, FakeSlack } from "../slack/support/fake-slack.ts";
import { sendSlash, SIGNING_SECRET, slashCommand } from "../slack/support/slack-requests.ts";

let fake: FakeSlack;
let kyodo: TestKyodo;
const clis: Client[] = [];

beforeAll(async () => {
  fake = await FakeSlack.start();
  kyodo = await startTestKyodo({ SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: fake.apiUrl });
});
afterAll(async () => {
  for (const cli of clis) cli.close();
  await kyodo?.dispose();
  await fake?.close();
});

/** What a CLI import does: one write transaction, taken up front (BEGIN IMMEDIATE), on its own connection. */
async function holdWriteLock(url: string, statement: string) {
  const cli = openRawConnection(url);
  clis.push(cli);
  const tx = await cli.transaction("write");
  await tx.execute(statement);
  return tx;
}

async function slackRowsIn(url: string): Promise<number> {
  const other = openRawConnection(url);
  const stored = await other.execute(`SELECT COUNT(*) AS n FROM InboxEvent WHERE platform = 'slack'`);
  other.close();
  return Number(stored.rows[0]!.n);
}

describe("the server beside a CLI that holds the database", () => {
  it("acknowledges while another process holds the main file's write lock, and answers once it is released", async () => {
    const tx = await holdWriteLock(kyodo.databaseUrl, "UPDATE Council SET name = name");
    const slash = slashCommand({ team: "T0001", user: "U0MAIN" }, "help", fake.responseUrl());
    // The inbox row goes into the inbox's own file: the acknowledgement does not wait for the main file.
    expect((await sendSlash(kyodo.baseUrl, slash)).status).toBe(200);
    expect((await fetch(`${kyodo.baseUrl}/healthz`)).status).toBe(200);
    await tx.commit();
    tx.close();
    const answers = await fake.waitFor(() => fake.responsesTo(slash.responseUrl).length > 0 && fake.responsesTo(slash.responseUrl));
    expect(answers.length).toBeGreaterThan(0);
  });

  it("answers other requests while the inbox file's lock is held, and stores the waiting write after it", async () => {
    const inboxUrl = inboxFileUrl(kyodo.databaseUrl)!;
    const before = await slackRowsIn(inboxUrl);
    const tx = await holdWriteLock(inboxUrl, "UPDATE InboxEvent SET attempts = attempts WHERE 0");

    // A Slack command needs its inbox row written before the acknowledgement: it has to wait for the lock.
    const slash = slashCommand({ team: "T0001", user: "U0WAITS" }, "help", fake.responseUrl());
    let ackStatus: number | undefined;
    const ack = sendSlash(kyodo.baseUrl, slash).then((response) => (ackStatus = response.status));
    // Let the server start on the command (and meet the lock) before asking it something else.
    await new Promise((resolve) => setTimeout(resolve, 200));

    const health = await fetch(`${kyodo.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    // Answered while the lock is still held: the waiting write did not stall the process.
    expect(ackStatus).toBeUndefined();
    const ready = await fetch(`${kyodo.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(ackStatus).toBeUndefined();

    await tx.commit();
    tx.close();
    await ack;
    expect(ackStatus).toBe(200);
    // The waiting write was committed for good (libsql leaves a statement that met the lock unfinished;
    // a connection reused after that would never commit again).
    expect(await slackRowsIn(inboxUrl)).toBe(before + 1);
    const answers = await fake.waitFor(() => fake.responsesTo(slash.responseUrl).length > 0 && fake.responsesTo(slash.responseUrl));
    expect(answers.length).toBeGreaterThan(0);
  });
});

// A secretariat's CLI command writing beside the running server (an import in one long transaction) holds
// SQLite's write lock. The server must keep answering meanwhile: a write that finds the lock taken waits
// without blocking the event loop (issue #15 measured a synchronous busy-wait of up to 5 s that stalled
// every request), and it goes through once the lock is released.
import type { Client } from "@libsql/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openRawConnection } from "../../src/storage/database.ts";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";
import { BOT_TOKEN, FakeSlack } from "../slack/support/fake-slack.ts";
import { sendSlash, SIGNING_SECRET, slashCommand } from "../slack/support/slack-requests.ts";

let fake: FakeSlack;
let kyodo: TestKyodo;
let cli: Client | undefined;

beforeAll(async () => {
  fake = await FakeSlack.start();
  kyodo = await startTestKyodo({ SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: fake.apiUrl });
});
afterAll(async () => {
  cli?.close();
  await kyodo?.dispose();
  await fake?.close();
});

describe("the server beside a CLI that holds the database", () => {
  it("answers requests while another process holds the write lock, and stores the waiting write after it", async () => {
    // What a CLI import does: one write transaction, taken up front (BEGIN IMMEDIATE), on its own connection.
    cli = openRawConnection(kyodo.databaseUrl);
    const tx = await cli.transaction("write");
    await tx.execute("UPDATE Council SET name = name");

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
    const other = openRawConnection(kyodo.databaseUrl);
    const stored = await other.execute(`SELECT COUNT(*) AS n FROM InboxEvent WHERE platform = 'slack'`);
    other.close();
    expect(Number(stored.rows[0]!.n)).toBe(1);
    const answers = await fake.waitFor(() => fake.responsesTo(slash.responseUrl).length > 0 && fake.responsesTo(slash.responseUrl));
    expect(answers.length).toBeGreaterThan(0);
  });
});

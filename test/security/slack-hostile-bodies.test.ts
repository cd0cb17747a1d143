// Signed Slack requests whose fields are not what Slack sends: 400, nothing handled, server up.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";
import { BOT_TOKEN, FakeSlack } from "../slack/support/fake-slack.ts";
import { send, SIGNING_SECRET } from "../slack/support/slack-requests.ts";

let fake: FakeSlack;
let kyodo: TestKyodo;
beforeAll(async () => {
  fake = await FakeSlack.start();
  kyodo = await startTestKyodo({ SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: fake.apiUrl });
});
afterAll(async () => {
  await kyodo?.dispose();
  await fake?.close();
});

const form = (payload: unknown) => `payload=${encodeURIComponent(JSON.stringify(payload))}`;
const FORM = "application/x-www-form-urlencoded";

describe("signed Slack bodies of the wrong shape", () => {
  const cases: Array<[string, string, string]> = [
    ["block_actions without actions", form({ type: "block_actions", user: { id: "U1" }, trigger_id: "t" }), FORM],
    ["block_actions with a numeric user", form({ type: "block_actions", user: 5, actions: [] }), FORM],
    ["block_actions with actions that are not a list", form({ type: "block_actions", user: { id: "U1" }, actions: { a: 1 } }), FORM],
    ["view_submission without a view", form({ type: "view_submission", user: { id: "U1" } }), FORM],
    ["a slash command without a user", "command=%2Fkyodo&text=help&channel_id=C1&team_id=T1&trigger_id=x", FORM],
    ["an event callback whose event is null", JSON.stringify({ type: "event_callback", event: null }), "application/json"],
    ["a payload of no type Slack sends (Bolt would hold it three seconds)", JSON.stringify({ type: "something_else" }), "application/json"],
    ["an empty object", "{}", "application/json"],
  ];
  for (const [name, body, type] of cases) {
    it(`answers 400 to ${name}`, async () => {
      const response = await send(kyodo.baseUrl, body, type);
      expect(response.status).toBe(400);
    });
  }

  it("is still up", async () => {
    expect((await fetch(`${kyodo.baseUrl}/healthz`)).status).toBe(200);
    expect(fake.calls.filter((c) => c.method !== "auth.test")).toEqual([]);
  });
});

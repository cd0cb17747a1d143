// Socket Mode, for sites that cannot expose a URL: with SLACK_APP_TOKEN set, Kyodo connects out to
// Slack's WebSocket (here a fake on loopback) instead of mounting /slack/events, acknowledges each
// envelope, and answers as in HTTP mode.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";
import { APP_TOKEN, BOT_TOKEN, FakeSlack } from "./support/fake-slack.ts";
import { FakeSocketMode } from "./support/fake-socket-mode.ts";
import { directMessage, dmOf, readable, send, slashCommand, type SlackPerson } from "./support/slack-requests.ts";

let fake: FakeSlack;
let socket: FakeSocketMode;
let kyodo: TestKyodo;

beforeAll(async () => {
  fake = await FakeSlack.start();
  socket = await FakeSocketMode.start();
  fake.socketUrl = socket.url;
  kyodo = await startTestKyodo({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN, SLACK_API_URL: fake.apiUrl });
  await socket.whenConnected();
});
afterAll(async () => {
  await kyodo?.dispose();
  await socket?.close();
  await fake?.close();
});

const person: SlackPerson = { team: "T0001", user: "U0SMITH" };

describe("Slack Socket Mode", () => {
  it("opened the connection with the app-level token and mounted no webhook", async () => {
    expect(fake.callsTo("apps.connections.open")).toHaveLength(1);
    expect((await send(kyodo.baseUrl, "{}", "application/json")).status).toBe(404);
  });

  it("acknowledges a slash command envelope and answers through the response URL", async () => {
    const code = await kyodo.codeFor("smith");
    const slash = slashCommand(person, `link ${code}`, fake.responseUrl());
    const envelopeId = socket.deliver("slash_commands", Object.fromEntries(new URLSearchParams(slash.body)));
    await fake.waitFor(() => socket.acks.some((a) => a.envelope_id === envelopeId));
    const [answer] = await fake.waitFor(() => fake.responsesTo(slash.responseUrl).length > 0 && fake.responsesTo(slash.responseUrl));
    expect(answer!.body.text).toContain("Smith");
  });

  it("answers a DM event delivered over the socket", async () => {
    const envelope = directMessage(person, "me");
    const envelopeId = socket.deliver("events_api", envelope);
    await fake.waitFor(() => socket.acks.some((a) => a.envelope_id === envelopeId));
    const [answer] = await fake.waitFor(() => {
      const posts = fake.callsTo("chat.postMessage").filter((c) => c.args.channel === dmOf(person));
      return posts.length > 0 && posts;
    });
    expect(readable(answer!.args.blocks)).toContain("Smith");
  });
});

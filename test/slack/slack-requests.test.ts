// Slack over real HTTP, end to end: a real Kyodo (temp database, demo council) with the Slack channel
// on, a fake Slack Web API on loopback, and requests signed and shaped like Slack's. Covers signature
// and timestamp checks, the three-second acknowledgement, answers through the response URL, enrolment,
// the message for an unlinked person, workspaces and Enterprise Grid.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";
import { BOT_TOKEN, FakeSlack } from "./support/fake-slack.ts";
import { readable, send, sendSlash, SIGNING_SECRET, slashCommand, type SlackPerson } from "./support/slack-requests.ts";

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

/** Runs a slash command and returns the text of the (first) answer posted to its response URL. */
async function command(person: SlackPerson, text: string): Promise<string> {
  const slash = slashCommand(person, text, fake.responseUrl());
  const ack = await sendSlash(kyodo.baseUrl, slash);
  expect(ack.status).toBe(200);
  const [answer] = await fake.waitFor(() => fake.responsesTo(slash.responseUrl).length > 0 && fake.responsesTo(slash.responseUrl));
  expect(answer!.body.response_type).toBe("ephemeral");
  return `${answer!.body.text}\n${readable(answer!.body.blocks)}`;
}

const sato: SlackPerson = { team: "T0001", user: "U0SATO" };

describe("Slack requests", () => {
  it("checked the bot token with auth.test at start", () => {
    expect(fake.callsTo("auth.test")).toHaveLength(1);
  });

  it("answers Slack's URL verification challenge", async () => {
    const res = await send(
      kyodo.baseUrl,
      JSON.stringify({ token: "x", challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", type: "url_verification" }),
      "application/json",
    );
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" });
  });

  it("refuses a bad signature or a stale or future timestamp with 401, and changes nothing", async () => {
    const code = await kyodo.codeFor("sato");
    const before = fake.calls.length + fake.responses.length;
    const forged = slashCommand(sato, `link ${code}`, fake.responseUrl());
    const now = Math.floor(Date.now() / 1000);
    const attempts = [
      await sendSlash(kyodo.baseUrl, forged, { secret: "not-the-signing-secret" }),
      await sendSlash(kyodo.baseUrl, forged, { signature: "v0=deadbeef" }),
      await sendSlash(kyodo.baseUrl, forged, { timestamp: now - 6 * 60 }),
      await sendSlash(kyodo.baseUrl, forged, { timestamp: now + 6 * 60 }),
      await send(kyodo.baseUrl, forged.body, "application/x-www-form-urlencoded", { signature: "" }),
    ];
    expect(attempts.map((a) => a.status)).toEqual([401, 401, 401, 401, 401]);
    await fake.settle();
    expect(fake.calls.length + fake.responses.length).toBe(before);
    expect(await kyodo.db.chatIdentity.count({ where: { platform: "slack" } })).toBe(0);
    // The code was not used up by the forged request: the real person can still link with it.
    expect(await command(sato, `link ${code}`)).toContain("佐藤 一郎 さんとして登録されています");
  });

  it("a signature inside the five-minute window is accepted", async () => {
    const res = await sendSlash(kyodo.baseUrl, slashCommand(sato, "help", fake.responseUrl()), {
      timestamp: Math.floor(Date.now() / 1000) - 4 * 60,
    });
    expect(res.status).toBe(200);
  });

  it("acknowledges a slash command at once and answers through the response URL", async () => {
    // Slack (the response URL) answering slowly must not delay the acknowledgement.
    fake.delay("response_url", 1500);
    try {
      const slash = slashCommand(sato, "me", fake.responseUrl());
      const ack = await sendSlash(kyodo.baseUrl, slash);
      expect(ack.status).toBe(200);
      expect(ack.text).toBe("");
      expect(ack.ms).toBeLessThan(1000);
      const [answer] = await fake.waitFor(() => fake.responsesTo(slash.responseUrl).length > 0 && fake.responsesTo(slash.responseUrl));
      expect(answer!.body.replace_original).toBe(false);
      expect(readable(answer!.body.blocks)).toContain("千葉市");
    } finally {
      fake.delay("response_url", 0);
    }
  });

  it("tells an unlinked person clearly how to link", async () => {
    const stranger: SlackPerson = { team: "T0001", user: "U0STRANGER" };
    const answer = await command(stranger, "me");
    expect(answer).toContain("まだ Kyodo に連携されていません");
    expect(answer).toContain("/kyodo link");
  });

  it("keeps workspaces apart, and treats an Enterprise Grid organisation as one", async () => {
    const code = await kyodo.codeFor("suzuki");
    const inTeamA: SlackPerson = { team: "T0AAAA", user: "U0SUZUKI" };
    const sameIdInTeamB: SlackPerson = { team: "T0BBBB", user: "U0SUZUKI" };
    expect(await command(inTeamA, `link ${code}`)).toContain("登録されています");
    expect(await command(inTeamA, "me")).toContain("鈴木");
    expect(await command(sameIdInTeamB, "me")).toContain("まだ Kyodo に連携されていません");

    const gridCode = await kyodo.codeFor("takahashi");
    const inWorkspace1: SlackPerson = { team: "T0GRID1", enterprise: "E0CHIBA", user: "W0TAKA" };
    const inWorkspace2: SlackPerson = { team: "T0GRID2", enterprise: "E0CHIBA", user: "W0TAKA" };
    expect(await command(inWorkspace1, `link ${gridCode}`)).toContain("高橋");
    expect(await command(inWorkspace2, "me")).toContain("高橋");
    const identities = await kyodo.db.chatIdentity.findMany({
      where: { platform: "slack" },
      select: { workspace: true, externalUserId: true },
    });
    expect(identities).toEqual(
      expect.arrayContaining([
        { workspace: "T0AAAA", externalUserId: "U0SUZUKI" },
        { workspace: "E0CHIBA", externalUserId: "W0TAKA" },
      ]),
    );
  });

  it("sends only Block Kit that Slack accepts", () => {
    expect(fake.problems).toEqual([]);
  });
});

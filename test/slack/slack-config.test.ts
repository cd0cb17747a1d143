// Slack's configuration: a half-configured or mistyped Slack setting stops Kyodo at start with a line
// naming the variable, and a token Slack rejects stops it too, instead of a server that silently fails.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config/config.ts";
import { startTestKyodo } from "../support/test-kyodo.ts";
import { BOT_TOKEN, FakeSlack } from "./support/fake-slack.ts";
import { SIGNING_SECRET } from "./support/slack-requests.ts";

let fake: FakeSlack;
beforeAll(async () => {
  fake = await FakeSlack.start();
});
afterAll(async () => {
  await fake?.close();
});

/** Starts Kyodo with these settings (expected to fail; its folder is removed either way). */
async function startWith(env: Record<string, string>): Promise<void> {
  const kyodo = await startTestKyodo({ SLACK_API_URL: fake.apiUrl, ...env });
  await kyodo.dispose();
}

describe("Slack configuration", () => {
  it("checks the token kinds and the API URL", () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: "xoxp-user-token" })).toThrow(/SLACK_BOT_TOKEN.*xoxb-/);
    expect(() => loadConfig({ SLACK_APP_TOKEN: "xoxb-not-an-app-token" })).toThrow(/SLACK_APP_TOKEN.*xapp-/);
    expect(() => loadConfig({ SLACK_API_URL: "not a url" })).toThrow(ConfigError);
    expect(
      loadConfig({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: "s", SLACK_API_URL: "http://127.0.0.1:9/api/" }).SLACK_API_URL,
    ).toBe("http://127.0.0.1:9/api/");
  });

  it("a bot token without a signing secret (or app token) stops startup, naming what is missing", async () => {
    await expect(startWith({ SLACK_BOT_TOKEN: BOT_TOKEN })).rejects.toThrow(/SLACK_SIGNING_SECRET/);
    await expect(startWith({ SLACK_SIGNING_SECRET: SIGNING_SECRET })).rejects.toThrow(/SLACK_BOT_TOKEN/);
  });

  it("a token Slack rejects stops startup with a plain explanation", async () => {
    await expect(startWith({ SLACK_BOT_TOKEN: "xoxb-revoked", SLACK_SIGNING_SECRET: SIGNING_SECRET })).rejects.toThrow(
      /SLACK_BOT_TOKEN を受け付けませんでした（invalid_auth）.*Slack did not accept SLACK_BOT_TOKEN/,
    );
  });
});

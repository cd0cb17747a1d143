// Configuration of the two channels for chat inside the municipal network: each runs only when all its
// settings are present; some without the others stop startup with a line naming what is missing.
import { describe, expect, it } from "vitest";
import { configuredChannels } from "../../src/channels.ts";
import { ConfigError, loadConfig } from "../../src/config/config.ts";
import { silentLogger } from "../../src/config/logger.ts";

const channels = (env: Record<string, string>) => configuredChannels(loadConfig(env), silentLogger(), {} as never);

describe("Mattermost and webhook configuration", () => {
  it("runs each channel when all its settings are set, and neither when none are", () => {
    expect(channels({})).toEqual([]);
    const both = channels({
      MATTERMOST_URL: "http://mattermost.city.lg.jp",
      MATTERMOST_BOT_TOKEN: "bot",
      MATTERMOST_COMMAND_TOKEN: "a,b",
      WEBHOOK_CHAT_SECRET: "0123456789abcdef",
      WEBHOOK_CHAT_OUTGOING_URL: "http://chat.lgwan.local/kyodo",
    });
    expect(both.map((c) => c.adapter.platform)).toEqual(["mattermost", "webhook"]);
    expect(both.every((c) => typeof c.mount === "function")).toBe(true);
  });

  it("stops on a partial setup, naming what is missing, in Japanese and English", () => {
    expect(() => channels({ MATTERMOST_URL: "http://mattermost.city.lg.jp", MATTERMOST_BOT_TOKEN: "bot" })).toThrow(ConfigError);
    expect(() => channels({ MATTERMOST_URL: "http://mattermost.city.lg.jp" })).toThrow(
      /MATTERMOST_BOT_TOKEN, MATTERMOST_COMMAND_TOKEN.*Mattermost also needs/,
    );
    expect(() => channels({ WEBHOOK_CHAT_SECRET: "0123456789abcdef" })).toThrow(/WEBHOOK_CHAT_OUTGOING_URL/);
    expect(() => loadConfig({ WEBHOOK_CHAT_SECRET: "short" })).toThrow(/WEBHOOK_CHAT_SECRET/);
    expect(() => loadConfig({ MATTERMOST_URL: "ftp://x" })).toThrow(/MATTERMOST_URL/);
  });
});

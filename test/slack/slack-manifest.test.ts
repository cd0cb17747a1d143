// The app manifest an admin pastes into Slack must match what the adapter does: the slash command, the
// request URL path, the events it listens to, and a scope for every Web API method it calls.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SLACK_EVENTS_PATH } from "../../src/adapters/slack/http-receiver.ts";
import { COMMAND_PREFIX } from "../../src/adapters/slack/payloads.ts";

/** The parts of Slack's app manifest format this test reads. */
interface Manifest {
  features: {
    slash_commands: Array<{ command: string; url: string }>;
    app_home: Record<string, boolean>;
  };
  settings: {
    interactivity: { is_enabled: boolean; request_url: string };
    event_subscriptions: { request_url: string; bot_events: string[] };
  };
  oauth_config: { scopes: { bot: string[] } };
}

const manifest = JSON.parse(readFileSync(new URL("../../src/adapters/slack/manifest.json", import.meta.url), "utf8")) as Manifest;

describe("Slack app manifest", () => {
  it("routes the slash command, interactivity and events to /slack/events", () => {
    const command = manifest.features.slash_commands[0]!;
    expect(command.command).toBe(COMMAND_PREFIX);
    for (const url of [command.url, manifest.settings.interactivity.request_url, manifest.settings.event_subscriptions.request_url]) {
      expect(new URL(url).pathname).toBe(SLACK_EVENTS_PATH);
    }
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });

  it("enables the Home tab and DMs, and subscribes to the events the adapter handles", () => {
    expect(manifest.features.app_home).toEqual({
      home_tab_enabled: true,
      messages_tab_enabled: true,
      messages_tab_read_only_enabled: false,
    });
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual(["app_home_opened", "app_mention", "message.im"]);
  });

  it("asks for the scopes of every method Kyodo calls, and no more", () => {
    // commands: /kyodo; chat:write: chat.postMessage, chat.update, chat.postEphemeral; files:write:
    // files.getUploadURLExternal and files.completeUploadExternal (chart images); im:write:
    // conversations.open; im:history: message.im; app_mentions:read: app_mention. views.* need none.
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([
      "app_mentions:read",
      "chat:write",
      "commands",
      "files:write",
      "im:history",
      "im:write",
    ]);
  });
});

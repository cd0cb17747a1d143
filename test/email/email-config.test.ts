// Email settings are checked at start: a relay without the sender or the mail domain, a wrong policy or a
// URL that is not SMTP stops Kyodo with one line naming the setting.
import { describe, expect, it } from "vitest";
import { configuredChannels } from "../../src/channels.ts";
import { ConfigError, loadConfig } from "../../src/config/config.ts";
import { silentLogger } from "../../src/config/logger.ts";
import type { Db } from "../../src/storage/database.ts";

const channelsFor = (env: Record<string, string>) => configuredChannels(loadConfig(env), silentLogger(), {} as Db);

describe("email configuration", () => {
  it("is off without SMTP_URL and INBOUND_SMTP_PORT", () => {
    expect(channelsFor({})).toEqual([]);
  });

  it("names what is missing", () => {
    expect(() => channelsFor({ SMTP_URL: "smtp://relay.example.lg.jp:25" })).toThrow(ConfigError);
    expect(() => channelsFor({ SMTP_URL: "smtp://relay.example.lg.jp:25" })).toThrow(/MAIL_FROM, MAIL_DOMAIN/);
    expect(() => channelsFor({ INBOUND_SMTP_PORT: "2525", MAIL_FROM: "kyodo@kyodo.example.jp", MAIL_DOMAIN: "kyodo.example.jp" })).toThrow(
      /SMTP_URL/,
    );
  });

  it("checks the values", () => {
    expect(() => loadConfig({ SMTP_URL: "http://relay.example.lg.jp" })).toThrow(/SMTP_URL/);
    expect(() => loadConfig({ MAIL_AUTH_POLICY: "strict" })).toThrow(/MAIL_AUTH_POLICY/);
    expect(() => loadConfig({ MAIL_DOMAIN: "not a domain" })).toThrow(/MAIL_DOMAIN/);
    // A relay's password in SMTP_URL is never echoed.
    expect(() => loadConfig({ SMTP_URL: "ftp://user:secret@relay" })).toThrow(/^(?!.*secret)/s);
    const config = loadConfig({
      SMTP_URL: "smtps://user:pw@relay.example.lg.jp:465",
      MAIL_FROM: "共同 <kyodo@kyodo.example.jp>",
      MAIL_DOMAIN: "kyodo.example.jp",
      INBOUND_SMTP_PORT: "2525",
    });
    expect(config).toMatchObject({
      INBOUND_SMTP_HOST: "127.0.0.1",
      INBOUND_SMTP_PROTOCOL: "smtp",
      MAIL_AUTH_POLICY: "record",
      MAIL_MAX_BYTES: 10 * 1024 * 1024,
    });
    expect(
      channelsFor({ SMTP_URL: "smtp://relay.example.lg.jp:25", MAIL_FROM: "kyodo@kyodo.example.jp", MAIL_DOMAIN: "kyodo.example.jp" }).map(
        (c) => c.adapter.platform,
      ),
    ).toEqual(["email"]);
  });
});

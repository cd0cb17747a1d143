// Which chat channels run, decided from configuration. The console is started by main.ts; every other
// channel is listed here when its credentials are configured. A channel with webhooks mounts its routes
// on Kyodo's HTTP server.
import { randomBytes } from "node:crypto";
import type { Express } from "express";
import type { Logger } from "pino";
import { ConfigError, type Config } from "./config/config.ts";
import { lineworksSettings } from "./config/lineworks-settings.ts";
import type { ChannelAdapter } from "./engine/adapter.ts";
import { bilingual } from "./engine/i18n.ts";
import { LineAdapter } from "./adapters/line/line-adapter.ts";
import { CALLBACK_PATH as LINEWORKS_CALLBACK_PATH, LineWorksAdapter } from "./adapters/lineworks/lineworks-adapter.ts";
import { MattermostAdapter } from "./adapters/mattermost/mattermost-adapter.ts";
import { WebhookChatAdapter, WEBHOOK_PATH } from "./adapters/webhook/webhook-adapter.ts";
import { SlackAdapter } from "./adapters/slack/slack-adapter.ts";
import { EmailAdapter } from "./adapters/email/email-adapter.ts";
import { dnsResolver, type DNSResolver } from "./domain/email/check-auth.ts";
import { createReplyReceiver } from "./domain/email/receive-reply.ts";
import { DbActionPayloadStore } from "./storage/action-payloads.ts";
import type { Db } from "./storage/database.ts";
import { parseTrustedRelays } from "./domain/email/trusted-relays.ts";

export interface ChannelSetup {
  adapter: ChannelAdapter;
  /** adds the channel's webhook routes; called before the server starts listening */
  mount?(app: Express): void;
  /** finishes, once the channel runs, what a previous process stored and did not get to (received mail) */
  resume?(): Promise<unknown>;
}

/** What the composition root passes besides configuration: the clock, and (tests) a DNS table for mail checks. */
export interface ChannelExtras {
  clock?: () => Date;
  mailResolver?: DNSResolver;
}

export function configuredChannels(config: Config, logger: Logger, db: Db, extras: ChannelExtras = {}): ChannelSetup[] {
  const channels: ChannelSetup[] = [];
  if (config.LINE_CHANNEL_SECRET && config.LINE_CHANNEL_ACCESS_TOKEN) {
    const line = new LineAdapter({
      channelSecret: config.LINE_CHANNEL_SECRET,
      channelAccessToken: config.LINE_CHANNEL_ACCESS_TOKEN,
      apiBaseUrl: config.LINE_API_BASE_URL,
      payloads: new DbActionPayloadStore(db),
      logger,
    });
    channels.push({ adapter: line, mount: (app) => app.post("/line/webhook", ...line.webhookHandlers()) });
  } else if (config.LINE_CHANNEL_SECRET || config.LINE_CHANNEL_ACCESS_TOKEN) {
    logger.warn("LINE needs both LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN; the LINE channel is off");
  }
  const lineworks = lineworksChannel(config, logger, db);
  if (lineworks) channels.push(lineworks);
  const slack = slackChannel(config, logger);
  if (slack) channels.push(slack);
  const mattermost = mattermostChannel(config, logger);
  if (mattermost) channels.push(mattermost);
  const webhook = webhookChannel(config, logger);
  if (webhook) channels.push(webhook);
  const email = emailChannel(config, logger, db, extras);
  if (email) channels.push(email);
  // Channel adapters register here (Slack, LINE, LINE WORKS, Mattermost, webhook, email), each when configured.
  return channels;
}

/**
 * Slack runs when its bot token is set together with the signing secret (HTTP mode, POST /slack/events)
 * or an app-level token (Socket Mode). A token without its partner is a mistake worth stopping for.
 */
function slackChannel(config: Config, logger: Logger): ChannelSetup | undefined {
  const { SLACK_BOT_TOKEN: botToken, SLACK_SIGNING_SECRET: signingSecret, SLACK_APP_TOKEN: appToken } = config;
  if (!botToken && !signingSecret && !appToken) return undefined;
  if (!botToken) throw new ConfigError(bilingual("slack.missingSetting", { missing: "SLACK_BOT_TOKEN" }));
  if (!signingSecret && !appToken) throw new ConfigError(bilingual("slack.missingSetting", { missing: "SLACK_SIGNING_SECRET" }));
  const adapter = new SlackAdapter({
    botToken,
    signingSecret,
    appToken,
    apiUrl: config.SLACK_API_URL,
    logger,
    locale: config.KYODO_DEFAULT_LOCALE,
  });
  logger.info({ mode: adapter.mode }, "slack channel configured");
  return { adapter, ...(adapter.mode === "http" ? { mount: (app: Express) => adapter.mount(app) } : {}) };
}

/** Mattermost needs its URL, the bot's token and the slash command's token; one without the others stops startup. */
function mattermostChannel(config: Config, logger: Logger): ChannelSetup | undefined {
  const settings = {
    MATTERMOST_URL: config.MATTERMOST_URL,
    MATTERMOST_BOT_TOKEN: config.MATTERMOST_BOT_TOKEN,
    MATTERMOST_COMMAND_TOKEN: config.MATTERMOST_COMMAND_TOKEN,
  };
  const missing = Object.entries(settings)
    .filter(([, value]) => !value)
    .map(([name]) => name);
  if (missing.length === 3) return undefined;
  if (missing.length > 0) throw new ConfigError(bilingual("mattermost.missingSetting", { missing: missing.join(", ") }));
  const adapter = new MattermostAdapter({
    url: config.MATTERMOST_URL!,
    botToken: config.MATTERMOST_BOT_TOKEN!,
    commandTokens: config
      .MATTERMOST_COMMAND_TOKEN!.split(",")
      .map((t) => t.trim())
      .filter(Boolean),
    // Buttons call back where Mattermost reaches Kyodo: never HOST:PORT, which is Kyodo's own view of itself.
    callbackUrl: config.MATTERMOST_CALLBACK_URL ?? config.KYODO_PUBLIC_URL,
    websocket: config.MATTERMOST_WEBSOCKET === "on",
    logger,
    locale: config.KYODO_DEFAULT_LOCALE,
  });
  logger.info({ url: config.MATTERMOST_URL }, "mattermost channel configured");
  return { adapter, mount: (app) => adapter.mount(app) };
}

/** LINE WORKS runs when its bot and service account are configured (src/config/lineworks-settings.ts). */
function lineworksChannel(config: Config, logger: Logger, db: Db): ChannelSetup | undefined {
  const settings = lineworksSettings(config);
  if (!settings) return undefined;
  const adapter = new LineWorksAdapter({ ...settings, payloads: new DbActionPayloadStore(db), logger });
  logger.info({ botId: settings.botId }, "lineworks channel configured");
  return { adapter, mount: (app) => app.post(LINEWORKS_CALLBACK_PATH, ...adapter.callbackHandlers()) };
}

/** The generic JSON webhook needs its shared secret and the chat service's outgoing URL. */
function webhookChannel(config: Config, logger: Logger): ChannelSetup | undefined {
  const { WEBHOOK_CHAT_SECRET: secret, WEBHOOK_CHAT_OUTGOING_URL: outgoingUrl } = config;
  if (!secret && !outgoingUrl) return undefined;
  if (!secret || !outgoingUrl)
    throw new ConfigError(bilingual("webhook.missingSetting", { missing: secret ? "WEBHOOK_CHAT_OUTGOING_URL" : "WEBHOOK_CHAT_SECRET" }));
  const adapter = new WebhookChatAdapter({ secret, outgoingUrl, logger });
  logger.info({ outgoingUrl }, "webhook chat channel configured");
  return { adapter, mount: (app) => app.post(WEBHOOK_PATH, ...adapter.webhookHandlers()) };
}

/**
 * Email sends through the council's relay when SMTP_URL is set, and receives replies when
 * INBOUND_SMTP_PORT is set too. Both need the sender and the mail domain (reply addresses, Message-IDs).
 */
function emailChannel(config: Config, logger: Logger, db: Db, extras: ChannelExtras): ChannelSetup | undefined {
  const { SMTP_URL: smtpUrl, MAIL_FROM: from, MAIL_DOMAIN: domain, INBOUND_SMTP_PORT: inboundPort } = config;
  if (!smtpUrl && inboundPort === undefined) return undefined;
  const missing = Object.entries({ SMTP_URL: smtpUrl, MAIL_FROM: from, MAIL_DOMAIN: domain })
    .filter(([, value]) => !value)
    .map(([name]) => name);
  if (missing.length > 0) throw new ConfigError(bilingual("email.missingSetting", { missing: missing.join(", ") }));
  const bounceSecret = config.MAIL_BOUNCE_SECRET ?? randomBytes(32).toString("hex");
  // Without a configured secret, bounces for mail sent before a restart can no longer be matched.
  if (!config.MAIL_BOUNCE_SECRET) logger.warn("MAIL_BOUNCE_SECRET is not set: bounces are tracked only until Kyodo restarts");
  const onMail = createReplyReceiver({
    db,
    logger,
    domain: domain!,
    bounceSecret,
    policy: config.MAIL_AUTH_POLICY,
    trustedRelays: parseTrustedRelays(config.MAIL_TRUSTED_RELAYS),
    resolver: extras.mailResolver ?? dnsResolver(config.MAIL_DNS_SERVERS),
    clock: extras.clock ?? (() => new Date()),
    maxBytes: config.MAIL_MAX_BYTES,
  });
  const inbound =
    inboundPort === undefined
      ? undefined
      : {
          host: config.INBOUND_SMTP_HOST,
          port: inboundPort,
          lmtp: config.INBOUND_SMTP_PROTOCOL === "lmtp",
          maxBytes: config.MAIL_MAX_BYTES,
          storeBytes: config.MAIL_STORE_BYTES,
          onMail,
        };
  logger.info(
    { domain, inbound: inbound ? `${inbound.host}:${inbound.port}` : "off", policy: config.MAIL_AUTH_POLICY },
    "email channel configured",
  );
  return {
    adapter: new EmailAdapter({ smtpUrl: smtpUrl!, from: from!, domain: domain!, bounceSecret, logger, inbound }),
    ...(inbound ? { resume: () => onMail.resume() } : {}),
  };
}

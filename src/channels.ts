// Which chat channels run, decided from configuration. The console is started by main.ts; every other
// channel is listed here when its credentials are configured. A channel with webhooks mounts its routes
// on Kyodo's HTTP server.
import type { Express } from "express";
import type { Logger } from "pino";
import type { Config } from "./config/config.ts";
import type { ChannelAdapter } from "./engine/adapter.ts";

export interface ChannelSetup {
  adapter: ChannelAdapter;
  /** adds the channel's webhook routes; called before the server starts listening */
  mount?(app: Express): void;
}

export function configuredChannels(config: Config, logger: Logger): ChannelSetup[] {
  const channels: ChannelSetup[] = [];
  void config;
  void logger;
  // Channel adapters register here (Slack, LINE, Mattermost, webhook, email), each when configured.
  return channels;
}

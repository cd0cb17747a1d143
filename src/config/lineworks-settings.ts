// LINE WORKS' settings read together: the bot (id and secret) and the app's service account (client id
// and secret, the account, its private key given inline or as a file). None set leaves the channel off;
// some set without the others stops startup naming the missing ones; a key that cannot be read stops it
// too, without quoting the key. Shared by the channel (src/channels.ts) and scripts/lineworks-menu.ts.
import { createPrivateKey } from "node:crypto";
import { readFileSync } from "node:fs";
import { bilingual } from "../engine/i18n.ts";
import { ConfigError, type Config } from "./config.ts";

export interface LineWorksSettings {
  botId: string;
  botSecret: string;
  clientId: string;
  clientSecret: string;
  serviceAccount: string;
  privateKey: string;
  apiBaseUrl?: string;
  authBaseUrl?: string;
}

export function lineworksSettings(config: Config): LineWorksSettings | undefined {
  const settings = {
    LINEWORKS_BOT_ID: config.LINEWORKS_BOT_ID,
    LINEWORKS_BOT_SECRET: config.LINEWORKS_BOT_SECRET,
    LINEWORKS_CLIENT_ID: config.LINEWORKS_CLIENT_ID,
    LINEWORKS_CLIENT_SECRET: config.LINEWORKS_CLIENT_SECRET,
    LINEWORKS_SERVICE_ACCOUNT: config.LINEWORKS_SERVICE_ACCOUNT,
    LINEWORKS_PRIVATE_KEY: config.LINEWORKS_PRIVATE_KEY ?? config.LINEWORKS_PRIVATE_KEY_FILE,
  };
  const missing = Object.entries(settings)
    .filter(([, value]) => !value)
    .map(([name]) => name);
  if (missing.length === Object.keys(settings).length) return undefined;
  if (missing.length > 0) throw new ConfigError(bilingual("lineworks.missingSetting", { missing: missing.join(", ") }));
  let privateKey: string;
  try {
    // A key pasted into one environment line keeps its line breaks as "\n".
    privateKey = (config.LINEWORKS_PRIVATE_KEY ?? readFileSync(config.LINEWORKS_PRIVATE_KEY_FILE!, "utf8")).replace(/\\n/g, "\n");
  } catch {
    throw new ConfigError(bilingual("lineworks.keyFileUnreadable", { file: config.LINEWORKS_PRIVATE_KEY_FILE }));
  }
  try {
    createPrivateKey(privateKey);
  } catch {
    // node:crypto's message could quote the key, so it is not passed on.
    throw new ConfigError(bilingual("lineworks.badPrivateKey"));
  }
  return {
    botId: config.LINEWORKS_BOT_ID!,
    botSecret: config.LINEWORKS_BOT_SECRET!,
    clientId: config.LINEWORKS_CLIENT_ID!,
    clientSecret: config.LINEWORKS_CLIENT_SECRET!,
    serviceAccount: config.LINEWORKS_SERVICE_ACCOUNT!,
    privateKey,
    apiBaseUrl: config.LINEWORKS_API_BASE_URL,
    authBaseUrl: config.LINEWORKS_AUTH_BASE_URL,
  };
}

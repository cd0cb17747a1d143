// Configuration comes only from environment variables, validated once at start. A wrong value stops
// startup with one line naming the variable, in Japanese then English, instead of failing later.
import { z } from "zod";
import { parseAuditKeys } from "../domain/audit/audit-keys.ts";
import { badRelayEntries } from "../domain/email/trusted-relays.ts";

const port = z.coerce.number().int().min(0).max(65535);

export const configSchema = z.object({
  PORT: port.default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATABASE_URL: z
    .string()
    .regex(
      /^(file:|libsql:|https?:|postgres(ql)?:\/\/)/,
      "file:./data/kyodo.db または postgresql://… の形式で指定してください / use the form file:./data/kyodo.db or postgresql://…",
    )
    .default("file:./data/kyodo.db"),
  KYODO_TIMEZONE: z
    .string()
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat("en", { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, "IANA のタイムゾーン名ではありません / not an IANA time zone name")
    .default("Asia/Tokyo"),
  /** where people open Kyodo's web console from (https://kyodo.example.lg.jp behind a proxy); http://HOST:PORT when unset */
  KYODO_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  KYODO_DEFAULT_LOCALE: z.enum(["ja", "en"]).default("ja"),
  KYODO_COUNCIL: z.string().min(1).default("chiba"),
  KYODO_LOAD_DEMO: z.enum(["auto", "always", "never"]).default("auto"),
  /** log to this file instead of stderr (the interactive console uses ./data/kyodo.log by default) */
  LOG_FILE: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Slack app; the Slack channel runs when the bot token and the signing secret (or an app token) are set */
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  SLACK_BOT_TOKEN: z
    .string()
    .regex(/^xoxb-/, "xoxb- で始まる Bot User OAuth Token を指定してください / use the Bot User OAuth Token, which starts with xoxb-")
    .optional(),
  /** an app-level token (xapp-…) switches Slack to Socket Mode, for sites that cannot expose a URL */
  SLACK_APP_TOKEN: z
    .string()
    .regex(/^xapp-/, "xapp- で始まるアプリレベルトークンを指定してください / use an app-level token, which starts with xapp-")
    .optional(),
  /** another Slack Web API base URL than https://slack.com/api/ (a proxy, or a fake Slack in tests) */
  SLACK_API_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** LINE Messaging API channel; the LINE channel runs when both the secret and the token are set */
  LINE_CHANNEL_SECRET: z.string().min(1).optional(),
  LINE_CHANNEL_ACCESS_TOKEN: z.string().min(1).optional(),
  /** another LINE API host than https://api.line.me (a proxy, or a fake LINE API in tests) */
  LINE_API_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** LINE WORKS (Bot API 2.0); runs when the bot, its secret and the service account's credentials are set */
  LINEWORKS_BOT_ID: z.string().min(1).optional(),
  LINEWORKS_BOT_SECRET: z.string().min(1).optional(),
  LINEWORKS_CLIENT_ID: z.string().min(1).optional(),
  LINEWORKS_CLIENT_SECRET: z.string().min(1).optional(),
  /** the service account's id, e.g. "abcde.serviceaccount@example" */
  LINEWORKS_SERVICE_ACCOUNT: z.string().min(1).optional(),
  /** the service account's private key (PEM, line breaks as "\n" allowed), or LINEWORKS_PRIVATE_KEY_FILE: the file holding it */
  LINEWORKS_PRIVATE_KEY: z.string().min(1).optional(),
  LINEWORKS_PRIVATE_KEY_FILE: z.string().min(1).optional(),
  /** other hosts than https://www.worksapis.com/v1.0 and https://auth.worksmobile.com (a proxy, or fakes in tests) */
  LINEWORKS_API_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  LINEWORKS_AUTH_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Mattermost (inside the municipal network); runs when the URL, the bot token and the command token are set */
  MATTERMOST_URL: z.url({ protocol: /^https?$/ }).optional(),
  MATTERMOST_BOT_TOKEN: z.string().min(1).optional(),
  /** the /kyodo slash command's token; several (one per team) separated by commas */
  MATTERMOST_COMMAND_TOKEN: z.string().min(1).optional(),
  /** Kyodo's base URL as the Mattermost server reaches it, for buttons and dialogs (learnt from the first command when unset) */
  MATTERMOST_CALLBACK_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** direct messages to the bot over Mattermost's WebSocket; "off" where a proxy blocks WebSockets */
  MATTERMOST_WEBSOCKET: z.enum(["on", "off"]).default("on"),
  /** generic signed JSON webhook for other chat services; runs when both are set (contract: scripts/webhook-chat-contract.md) */
  WEBHOOK_CHAT_SECRET: z
    .string()
    .min(16, "16 文字以上の秘密の文字列を指定してください / use a secret of at least 16 characters")
    .optional(),
  WEBHOOK_CHAT_OUTGOING_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** outgoing mail relay (the council's mail server): smtp://host:25, smtps://user:pass@host:465; email runs when set */
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  /** messages a minute the relay accepts from Kyodo (all instances together); unlimited when unset */
  SMTP_MAX_PER_MINUTE: z.coerce.number().int().min(1).max(60_000).optional(),
  /** the sender of Kyodo's emails, e.g. "共同 事務局 <kyodo@kyodo.example.lg.jp>" */
  MAIL_FROM: z.string().min(3).optional(),
  /** the domain of reply addresses (vote+<token>@MAIL_DOMAIN) and Message-IDs; the council's mail server forwards it to Kyodo */
  MAIL_DOMAIN: z
    .string()
    .regex(
      /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i,
      "kyodo.example.lg.jp のようなドメイン名を指定してください / use a domain name such as kyodo.example.lg.jp",
    )
    .optional(),
  /** the built-in receiver for replies (SMTP, or LMTP with INBOUND_SMTP_PROTOCOL=lmtp); off when unset */
  INBOUND_SMTP_PORT: port.optional(),
  INBOUND_SMTP_HOST: z.string().min(1).default("127.0.0.1"),
  INBOUND_SMTP_PROTOCOL: z.enum(["smtp", "lmtp"]).default("smtp"),
  /** largest message the receiver accepts (SMTP SIZE); bigger ones are refused with 552 */
  MAIL_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(100 * 1024 * 1024)
    .default(10 * 1024 * 1024),
  /** how much of each received message is kept for review */
  MAIL_STORE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(100 * 1024 * 1024)
    .default(1024 * 1024),
  /** signs the bounce address of each email (bounce+<key>.<signature>@MAIL_DOMAIN); a random one per start when unset */
  MAIL_BOUNCE_SECRET: z.string().min(16, "16 文字以上の秘密の文字列を指定してください / use a secret of at least 16 characters").optional(),
  /** what DKIM/SPF/DMARC must show for a reply to count; token and sender match are always required */
  MAIL_AUTH_POLICY: z.enum(["record", "require-dkim", "require-dmarc"]).default("record"),
  /** the council's relays (IP addresses or CIDR ranges, comma separated); when set, unsigned replies count only through them */
  MAIL_TRUSTED_RELAYS: z
    .string()
    .optional()
    .refine((v) => !v || badRelayEntries(v).length === 0, {
      message: "IP アドレスか CIDR をカンマ区切りで指定してください / use IP addresses or CIDR ranges, comma separated",
    }),
  /**
   * HMAC keys that sign the audit log, `id:secret` pairs comma-separated, newest first (rotation: put the new key in
   * front and keep the old ones). Unset: AUDIT_KEY_FILE, else a key file created beside a SQLite database.
   */
  AUDIT_KEY: z
    .string()
    .refine((value) => {
      try {
        parseAuditKeys(value);
        return true;
      } catch {
        return false;
      }
    }, "id:secret（16文字以上）をカンマ区切りで指定してください / use id:secret pairs (secrets of 16+ characters), comma-separated")
    .optional(),
  /** a file holding AUDIT_KEY's value (for secret stores that mount files) */
  AUDIT_KEY_FILE: z.string().min(1).optional(),
  /** when the signed audit checkpoint goes to the secretariat (cron, council time zone); "off" to stop sending */
  AUDIT_CHECKPOINT_CRON: z.string().min(1).default("0 18 * * *"),
  /** how many audit entries an older Kyodo wrote before the key was introduced (they stay unkeyed) */
  AUDIT_KEY_LEGACY_ENTRIES: z.coerce.number().int().min(0).optional(),
  /** DNS servers for DKIM/SPF/DMARC lookups (comma-separated IPs); the system's resolver when unset */
  MAIL_DNS_SERVERS: z
    .string()
    .regex(/^[\d.:a-f[\]]+(,\s*[\d.:a-f[\]]+)*$/i, "カンマ区切りの IP アドレスを指定してください / use comma-separated IP addresses")
    .optional(),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

/** Parses the environment; throws ConfigError with one readable line for the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const result = configSchema.safeParse(cleaned);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const name = String(issue.path[0] ?? "?");
  // Never echo the value of a secret back into a terminal or a log.
  const got = /SECRET|TOKEN|PASSWORD|KEY|SMTP_URL|DATABASE_URL/.test(name) ? undefined : env[name];
  throw new ConfigError(
    `設定エラー: 環境変数 ${name} が正しくありません (${issue.message})` +
      ` / Configuration error: environment variable ${name} is invalid${got === undefined ? "" : ` (got "${got}")`}`,
  );
}

/** The web console's address as people open it, ending in /console/. */
export function consoleUrl(config: Pick<Config, "KYODO_PUBLIC_URL" | "HOST" | "PORT">): string {
  const base = config.KYODO_PUBLIC_URL ?? `http://${["0.0.0.0", "::"].includes(config.HOST) ? "localhost" : config.HOST}:${config.PORT}`;
  return `${base.replace(/\/+$/, "")}/console/`;
}

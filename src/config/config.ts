// Configuration comes only from environment variables, validated once at start. A wrong value stops
// startup with one line naming the variable, in Japanese then English, instead of failing later.
import { z } from "zod";

const port = z.coerce.number().int().min(0).max(65535);

export const configSchema = z.object({
  PORT: port.default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|libsql:|https?:)/, "file:./data/kyodo.db の形式で指定してください / use the form file:./data/kyodo.db")
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
  KYODO_DEFAULT_LOCALE: z.enum(["ja", "en"]).default("ja"),
  KYODO_COUNCIL: z.string().min(1).default("chiba"),
  KYODO_LOAD_DEMO: z.enum(["auto", "always", "never"]).default("auto"),
  /** log to this file instead of stderr (the interactive console uses ./data/kyodo.log by default) */
  LOG_FILE: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
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
  const got = env[name];
  throw new ConfigError(
    `設定エラー: 環境変数 ${name} が正しくありません (${issue.message})` +
      ` / Configuration error: environment variable ${name} is invalid${got === undefined ? "" : ` (got "${got}")`}`,
  );
}

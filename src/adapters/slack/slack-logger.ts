// Bolt and the Web API client log through Slack's own Logger interface; this bridges it to Kyodo's pino
// logger so their lines land in the same structured log, tagged as coming from the Slack SDK.
import type { Logger as SlackLogger, LogLevel } from "@slack/bolt";
import type { Logger } from "pino";

export function slackLogger(logger: Logger): SlackLogger {
  const log = logger.child({ component: "slack-sdk" });
  const line = (msg: unknown[]) =>
    msg.map((m) => (typeof m === "string" ? m : m instanceof Error ? m.message : JSON.stringify(m))).join(" ");
  let level = "info" as LogLevel;
  return {
    debug: (...msg: unknown[]) => log.debug(line(msg)),
    info: (...msg: unknown[]) => log.info(line(msg)),
    warn: (...msg: unknown[]) => log.warn(line(msg)),
    error: (...msg: unknown[]) => log.error(line(msg)),
    // pino decides what is written; Slack's level is only remembered for the SDK's own questions.
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

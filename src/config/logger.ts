// Structured JSON logs on stderr (stdout belongs to the console chat). Secrets and message bodies are
// redacted at every level so a pasted token or a vote's text never lands in a log file.
import { pino, type Logger } from "pino";

export type { Logger };

export const REDACTED_PATHS = [
  "token",
  "*.token",
  "secret",
  "*.secret",
  "password",
  "*.password",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "headers.cookie",
  "code",
  "*.code",
  "text",
  "*.text",
  "body",
  "*.body",
];

/** Logs to stderr, or to a file (created with its folder) when one is named. */
export function createLogger(level: string, file?: string): Logger {
  return pino(
    { level, base: { app: "kyodo" }, redact: { paths: REDACTED_PATHS, censor: "[redacted]" } },
    pino.destination(file ? { dest: file, mkdir: true, sync: true } : { dest: 2, sync: true }),
  );
}

/** A logger that writes nothing, for tests that do not look at logs. */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}

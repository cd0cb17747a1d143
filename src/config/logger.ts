// Structured JSON logs on stderr (stdout belongs to the console chat). Secrets and message bodies are
// redacted at every level so a pasted token or a vote's text never lands in a log file.
import { pino, type Logger } from "pino";

export type { Logger };

export const REDACTED_PATHS = [
  "token", "*.token", "secret", "*.secret", "password", "*.password", "authorization", "*.authorization",
  "headers.authorization", "headers.cookie", "code", "*.code", "text", "*.text", "body", "*.body",
];

export function createLogger(level: string, destination: NodeJS.WritableStream = process.stderr): Logger {
  return pino(
    { level, base: { app: "kyodo" }, redact: { paths: REDACTED_PATHS, censor: "[redacted]" } },
    pino.destination({ dest: (destination as { fd?: number }).fd ?? 2, sync: true }),
  );
}

/** A logger that writes nothing, for tests that do not look at logs. */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}

// A real Kyodo in its own process, for crash tests: configured from the environment like `npm start`,
// it prints {"port": …} on its first stdout line once it listens. KYODO_TEST_HOLD_WORK_MS makes it wait
// that long between accepting an event into the inbox and working on it, so a test's SIGKILL lands
// exactly between the acknowledgement and the work. Usage: tsx test/support/kyodo-process.ts
import { startKyodo, stopOnSignals } from "../../src/app.ts";
import { loadConfig } from "../../src/config/config.ts";
import { createLogger } from "../../src/config/logger.ts";

const config = loadConfig(process.env);
const logger = createLogger(config.LOG_LEVEL, config.LOG_FILE);
const hold = Number(process.env.KYODO_TEST_HOLD_WORK_MS ?? 0);
// As src/main.ts runs it: the inbox's work in its worker thread (KYODO_INBOX_THREAD=off: on the main thread).
const kyodo = await startKyodo(config, logger, {
  inboxHoldWorkMs: hold > 0 ? hold : undefined,
  inboxThread: process.env.KYODO_INBOX_THREAD !== "off",
});
process.stdout.write(`${JSON.stringify({ port: kyodo.http?.port })}\n`);
stopOnSignals(kyodo, logger);

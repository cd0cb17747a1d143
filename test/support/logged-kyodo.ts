// A Kyodo whose log a test reads (test Kyodos log nowhere), on a copy of the run's demo database: for the
// tests that check an unreadable stored row is named in the log once, however often it is met.
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { pino } from "pino";
import { inject } from "vitest";
import { startKyodo, type StartOptions } from "../../src/app.ts";
import { loadConfig } from "../../src/config/config.ts";
import type { TestKyodo } from "./test-kyodo.ts";

/** Starts it (at info level, no scheduler) with every log line parsed into `logLines`; `dispose` removes its files. */
export async function startLoggedKyodo(logLines: Array<Record<string, unknown>>, options: StartOptions = {}): Promise<TestKyodo> {
  const dir = mkdtempSync(join(tmpdir(), "kyodo-logged-"));
  const file = join(dir, "kyodo.db");
  const template = inject("sqliteDemoTemplate");
  if (template) {
    copyFileSync(template, file);
    copyFileSync(`${template}.audit-key`, `${file}.audit-key`);
  }
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n").filter(Boolean)) logLines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const config = loadConfig({ PORT: "0", LOG_LEVEL: "info", DATABASE_URL: `file:${file}`, AUDIT_CHECKPOINT_CRON: "off" });
  const started = await startKyodo(config, pino({ level: "info" }, sink), { scheduler: false, ...options });
  return Object.assign(started, {
    dir,
    databaseUrl: `file:${file}`,
    baseUrl: started.http ? `http://127.0.0.1:${started.http.port}` : "",
    codeFor: () => Promise.reject(new Error("not used here")),
    dispose: async () => {
      await started.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}

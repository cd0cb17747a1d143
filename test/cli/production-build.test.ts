// The production build (`npm run build`, then `npm run start:prod`): plain `node dist/main.js`, no tsx, no
// TypeScript, must find its locales, migrations, demo data and generated Prisma client from dist/. Building
// takes about a minute on the machines we run on, so the README's test command does not build; CI
// (`.ci/run`) builds first and this test then starts the build. Without dist/ it is skipped, saying so.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../support/run-command.ts";

const MAIN = join(ROOT, "dist/main.js");
const built = existsSync(MAIN);
if (!built) console.log("production build test skipped: no dist/main.js (run `npm run build` first; CI does)");

describe.skipIf(!built)("the production build", () => {
  it("starts with plain node, migrates a fresh database, loads the demo council and is ready", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kyodo-prod-"));
    const child = spawn(process.execPath, [MAIN, "--no-console"], {
      cwd: dir,
      env: { ...process.env, DATABASE_URL: `file:${join(dir, "kyodo.db")}`, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      let output = "";
      const port = await new Promise<number>((resolve, reject) => {
        const seen = (chunk: Buffer) => {
          output += chunk.toString();
          const match = /"port":(\d+)/.exec(output);
          if (match) resolve(Number(match[1]));
        };
        child.stdout.on("data", seen);
        child.stderr.on("data", seen);
        child.on("exit", (code) => reject(new Error(`exited with ${code}: ${output}`)));
      });
      let ready: Response | undefined;
      for (let i = 0; i < 100 && ready?.status !== 200; i++) {
        ready = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
        if (ready?.status !== 200) await new Promise((r) => setTimeout(r, 100));
      }
      expect(ready?.status).toBe(200);
      expect(await ready!.json()).toMatchObject({ ready: true, pendingMigrations: [] });
      // Nothing in the build reaches for TypeScript.
      expect(output).not.toMatch(/tsx|\.ts:\d+/);
    } finally {
      if (child.exitCode === null) {
        const closed = new Promise((resolve) => child.once("close", resolve));
        child.kill("SIGTERM");
        await closed;
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

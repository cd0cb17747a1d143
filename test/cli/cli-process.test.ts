// Most CLI tests run the commander program in-process (test/support/run-command.ts); these few start the real
// `tsx src/cli/main.ts` process, so the entry point, its exit codes and its streams are proven as a user meets them.
import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, runCliProcess } from "../support/run-command.ts";
import { tempDatabaseUrl } from "../support/test-kyodo.ts";

const { dir, databaseUrl } = tempDatabaseUrl();
const env = { DATABASE_URL: databaseUrl };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the CLI as a process", () => {
  it("stops quietly when the reader of its output goes away (| head)", async () => {
    const { spawnSync } = await import("node:child_process");
    // `true` exits without reading, as `head` does once it has its lines: the CLI's next write meets a closed pipe.
    const script =
      "node_modules/.bin/tsx src/cli/main.ts demo >/dev/null && node_modules/.bin/tsx src/cli/main.ts audit list | true; exit ${PIPESTATUS[0]}";
    const result = spawnSync("bash", ["-c", script], {
      cwd: ROOT,
      env: { ...process.env, ...env, LOG_LEVEL: "warn" },
      encoding: "utf8",
    });
    expect(result.stderr).not.toContain("EPIPE");
    expect(result.status).toBe(0);
  });

  it("prints help and exits 0", async () => {
    const result = await runCliProcess(["--help"], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Usage: kyodo");
  });

  it("exits non-zero with one clear line for a council that does not exist", async () => {
    const result = await runCliProcess(["bodies", "list"], { ...env, KYODO_COUNCIL: "no-such-council" });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain("no-such-council");
  });
});

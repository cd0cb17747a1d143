// Most CLI tests run the commander program in-process (test/support/run-command.ts); these few start the real
// `tsx src/cli/main.ts` process, so the entry point, its exit codes and its streams are proven as a user meets them.
import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { runCliProcess } from "../support/run-command.ts";
import { tempDatabaseUrl } from "../support/test-kyodo.ts";

const { dir, databaseUrl } = tempDatabaseUrl();
const env = { DATABASE_URL: databaseUrl };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the CLI as a process", () => {
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

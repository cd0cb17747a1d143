// The README's commands on a machine whose Node.js is older than the project needs (Debian's Node 20): every
// npm script goes through scripts/use-supported-node.mjs, which runs it on a provisioned Node 24 or stops with
// one bilingual line. These tests run the machine's own old Node when it has one, as a newcomer would.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "../support/run-command.ts";
import { tempDatabaseUrl } from "../support/test-kyodo.ts";

const LAUNCHER = join(ROOT, "scripts/use-supported-node.mjs");

/** The machine's own Node when it is older than 22.12 (the case the launcher exists for), else undefined. */
function oldSystemNode(): string | undefined {
  for (const candidate of ["/usr/bin/node", "/usr/local/bin/node"]) {
    const result = spawnSync(candidate, ["-p", "process.versions.node"], { encoding: "utf8" });
    if (result.status !== 0) continue;
    const [major, minor] = result.stdout.trim().split(".").map(Number);
    if (major! < 22 || (major === 22 && minor! < 12)) return candidate;
  }
  return undefined;
}

const oldNode = oldSystemNode();
// Said once, so a skipped case is never mistaken for a pass.
if (!oldNode) console.info("supported-node: this machine has no Node older than 22.12; the old-Node cases are skipped");
const { dir, databaseUrl } = tempDatabaseUrl();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("npm scripts on a supported Node", () => {
  it("runs the command on the running Node when it is recent enough", () => {
    const result = spawnSync(process.execPath, [LAUNCHER, "node", "-p", "process.version"], { encoding: "utf8" });
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe(process.version);
  });

  it.skipIf(!oldNode)("runs `npm start` on a provisioned Node 24 when the machine's Node is 20", () => {
    // The machine's old Node first on PATH, exactly as a newcomer types the README command.
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PATH: `${dirname(oldNode!)}:${process.env.PATH}`,
      DATABASE_URL: databaseUrl,
      PORT: "0",
      LOG_LEVEL: "warn",
    };
    delete env.npm_config_nodedir;
    const result = spawnSync("npm", ["start", "--silent", "--", "--list-people"], { cwd: ROOT, env, encoding: "utf8", timeout: 120_000 });
    expect(result.stderr).not.toContain("TypeError");
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/yamada\s+山田 花子/);
  });

  it.skipIf(!oldNode)("stops at once with one bilingual line when Node 24 cannot be fetched", () => {
    const home = mkdtempSync(join(tmpdir(), "kyodo-node-none-"));
    try {
      const env = { ...process.env, KYODO_NODE_HOME: home, npm_config_registry: "http://127.0.0.1:9/", npm_config_fetch_retries: "0" };
      const result = spawnSync(oldNode!, [LAUNCHER, "node", "-p", "process.version"], { encoding: "utf8", env, timeout: 60_000 });
      expect(result.status).toBe(1);
      expect(result.stdout).toBe("");
      const lines = result.stderr.trim().split("\n");
      expect(lines.at(-1)).toContain("Node.js 22.12 以上が必要です");
      expect(lines.at(-1)).toContain("Node.js 22.12 or newer is needed");
      expect(lines.at(-1)).toContain("nvm install 24");
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});

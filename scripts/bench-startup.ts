// Benchmark: how long `npm start` takes to reach the console prompt, on a fresh database (migrate + demo
// council) and on an existing one. Target (issue #2): under 5 seconds after install.
// Run: npx tsx scripts/bench-startup.ts [runs]   — writes scripts/bench-results/startup.json
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const runs = Number(process.argv[2] ?? 5);

function timeToPrompt(databaseUrl: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(join(ROOT, "node_modules/.bin/tsx"), ["src/main.ts", "--as", "sato"], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl, PORT: "0", LOG_LEVEL: "warn" },
      stdio: ["pipe", "pipe", "inherit"],
    });
    let seen = false;
    child.stdout.on("data", (chunk: Buffer) => {
      if (!seen && chunk.toString().includes("> ")) {
        seen = true;
        resolve(Number(process.hrtime.bigint() - started) / 1e6);
        child.stdin.end("exit\n");
      }
    });
    child.on("error", reject);
    child.on("close", () => seen || reject(new Error("no prompt")));
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const cold: number[] = [];
const warm: number[] = [];
for (let i = 0; i < runs; i++) {
  const dir = mkdtempSync(join(tmpdir(), "kyodo-bench-"));
  const url = `file:${join(dir, "kyodo.db")}`;
  cold.push(await timeToPrompt(url));
  warm.push(await timeToPrompt(url));
  rmSync(dir, { recursive: true, force: true });
}
const result = {
  measuredAt: new Date().toISOString(),
  node: process.version,
  runs,
  coldStartMs: { median: Math.round(median(cold)), max: Math.round(Math.max(...cold)) },
  warmStartMs: { median: Math.round(median(warm)), max: Math.round(Math.max(...warm)) },
  targetMs: 5000,
};
writeFileSync(join(ROOT, "scripts/bench-results/startup.json"), `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result, null, 2));

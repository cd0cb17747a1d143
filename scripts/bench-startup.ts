// Benchmark: how long `npm start` takes to reach the console prompt, on a fresh database (migrate + demo
// council) and on an existing one. Target (issue #2): under 5 seconds after install.
// With --production: the production build (`npm run build` first) — `node dist/main.js` until /readyz
// answers 200, fresh and existing database, and its resident memory after 5 s idle. Targets (issue #15/#19):
// under 3 s and under 250 MB. Recorded under "production" in the same file, with the machine's load.
// Run: npx tsx scripts/bench-startup.ts [runs] [--production]   — writes scripts/bench-results/startup.json
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const production = process.argv.includes("--production");
const runs = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 5);
const RESULTS = join(ROOT, "scripts/bench-results/startup.json");

/** The Node flags `npm run start:prod` gives dist/main.js (its heap bounds), so the bench starts it the same way. */
function startProdFlags(): string[] {
  const script =
    (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts["start:prod"] ?? "";
  const flags = /\bnode((?:\s+--[\w-]+(?:=\S+)?)*)\s+dist\/main\.js/.exec(script)?.[1] ?? "";
  return flags.split(/\s+/).filter(Boolean);
}

/** Starts `node dist/main.js` as `npm run start:prod` does; resolves with the time until /readyz is 200 and the RSS after `idleMs`. */
function productionStart(databaseUrl: string, idleMs: number): Promise<{ readyMs: number; rssMb: number }> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [...startProdFlags(), join(ROOT, "dist/main.js"), "--no-console"], {
      cwd: ROOT,
      // A fresh database gets the demo council (KYODO_LOAD_DEMO=auto), as a first start does.
      env: { ...process.env, DATABASE_URL: databaseUrl, PORT: "0", LOG_LEVEL: "info", NODE_ENV: "production" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    let polling = false;
    // The log (where the port is said) may be on either stream.
    child.stderr.on("data", (chunk: Buffer) => child.stdout.emit("data", chunk));
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const port = /"port":(\d+)/.exec(output)?.[1];
      if (!port || polling) return;
      polling = true;
      void (async () => {
        for (;;) {
          const ready = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
          if (ready?.status === 200) break;
          await new Promise((r) => setTimeout(r, 10));
        }
        const readyMs = Number(process.hrtime.bigint() - started) / 1e6;
        await new Promise((r) => setTimeout(r, idleMs));
        const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
        const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
        child.kill("SIGTERM");
        resolve({ readyMs, rssMb: Math.round(rssKb / 1024) });
      })().catch(reject);
    });
    child.on("error", reject);
    child.on("exit", (code) => reject(new Error(`dist/main.js exited with ${code} before it was measured`)));
    setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error("not ready within 60 s"));
    }, 60_000).unref();
  });
}

if (production) {
  if (!existsSync(join(ROOT, "dist/main.js"))) throw new Error("no dist/main.js: run `npm run build` first");
  const cold: number[] = [];
  const warm: number[] = [];
  const rss: number[] = [];
  const loadBefore = loadavg()[0]!;
  for (let i = 0; i < runs; i++) {
    const dir = mkdtempSync(join(tmpdir(), "kyodo-bench-"));
    const url = `file:${join(dir, "kyodo.db")}`;
    cold.push((await productionStart(url, 0)).readyMs);
    console.error(`run ${i + 1}: fresh ${Math.round(cold.at(-1)!)} ms`);
    const again = await productionStart(url, 5000);
    console.error(`run ${i + 1}: existing ${Math.round(again.readyMs)} ms, ${again.rssMb} MB`);
    warm.push(again.readyMs);
    rss.push(again.rssMb);
    rmSync(dir, { recursive: true, force: true });
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const previous = existsSync(RESULTS) ? (JSON.parse(readFileSync(RESULTS, "utf8")) as Record<string, unknown>) : {};
  const result = {
    measuredAt: new Date().toISOString(),
    node: process.version,
    command: `npm run build && npx tsx scripts/bench-startup.ts ${runs} --production`,
    nodeFlags: startProdFlags().join(" "),
    configuration: "the default: SQLite file, demo council, no chat credentials, the work in its worker thread",
    runs,
    load: { before: Number(loadBefore.toFixed(2)), after: Number(loadavg()[0]!.toFixed(2)), cores: 2 },
    freshDatabaseToReadyMs: { median: Math.round(median(cold)), max: Math.round(Math.max(...cold)) },
    existingDatabaseToReadyMs: { median: Math.round(median(warm)), max: Math.round(Math.max(...warm)) },
    idleRssMb: { median: median(rss), max: Math.max(...rss) },
    targets: { readyMs: 3000, idleRssMb: 250 },
  };
  writeFileSync(RESULTS, `${JSON.stringify({ ...previous, production: result }, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
  process.exit(0);
}

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

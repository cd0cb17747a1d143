// Benchmarks for issue #10: share calculation for 1,000 bodies × 100 runs (30% equal + 70% population,
// with a minimum and a cap, largest remainder to the yen), and the import of a 100,000-row usage CSV into
// a fresh SQLite database with the demo council. Writes scripts/bench-results/shares.json.
//   npx tsx scripts/bench-shares.ts
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { openMigratedDatabase } from "../src/app.ts";
import { loadConfig } from "../src/config/config.ts";
import { silentLogger } from "../src/config/logger.ts";
import { findCouncil } from "../src/domain/council/ensure-council.ts";
import { computeShares, statisticKey, type Participant } from "../src/domain/money/share-methods.ts";
import { Dec } from "../src/lib/yen.ts";
import { defineSystem } from "../src/domain/usage/define-system.ts";
import { importUsage } from "../src/domain/usage/import-usage.ts";
import { loadDemoCouncil } from "../src/demo/load-demo-council.ts";

function bodies(n: number): Participant[] {
  // Deterministic populations between 1,000 and about 1,000,000.
  return Array.from({ length: n }, (_, i) => ({
    key: `b${i}`,
    order: String(100000 + i),
    name: `団体${i}`,
    kind: "city",
    statistics: new Map([[statisticKey("population", 2025), 1000 + ((i * 7919) % 997) * 1003]]),
  }));
}

function benchShares() {
  const participants = bodies(1000);
  const rules = {
    total: new Dec("1234567891"),
    components: [
      { percent: new Dec(30), method: { method: "equal" as const } },
      { percent: new Dec(70), method: { method: "population" as const, year: 2025 } },
    ],
    unit: new Dec(1),
    rounding: { rule: "largest_remainder" as const },
    minimum: new Dec(400_000),
    cap: new Dec(5_000_000),
  };
  const runs = 100;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const result = computeShares(rules, participants);
    times.push(performance.now() - start);
    if (!result.lines.reduce((acc, l) => acc.plus(l.amount), new Dec(0)).eq(rules.total)) throw new Error("shares do not add up");
  }
  times.sort((a, b) => a - b);
  return {
    bodies: 1000,
    runs,
    method: "30% equal + 70% population, minimum and cap, largest remainder",
    totalMs: round(times.reduce((a, b) => a + b, 0)),
    meanMs: round(times.reduce((a, b) => a + b, 0) / runs),
    p50Ms: round(times[runs / 2]!),
    p95Ms: round(times[Math.floor(runs * 0.95)]!),
  };
}

async function benchImport() {
  const dir = mkdtempSync(join(tmpdir(), "kyodo-bench-"));
  try {
    const config = loadConfig({ DATABASE_URL: `file:${join(dir, "bench.db")}`, LOG_LEVEL: "silent" });
    const db = await openMigratedDatabase(config, silentLogger());
    try {
      await loadDemoCouncil(db);
      const council = (await findCouncil(db, "chiba"))!;
      await defineSystem(db, council.id, { slug: "facility-reservation", name: "施設予約システム" }, "bench");
      const names = (await db.body.findMany({ where: { councilId: council.id } })).map((b) => b.name);
      const rows = 100_000;
      const lines = ["system,body,period,metric,channel,value"];
      const channels = ["staff_terminal", "internet", "mobile", "smartphone", "total"];
      // 56 bodies × 5 channels × months from April 1990: every row a distinct figure.
      for (let i = 0; i < rows; i++) {
        const month = Math.floor(i / (names.length * channels.length));
        const year = 1990 + Math.floor(month / 12);
        lines.push(
          `facility-reservation,${names[i % names.length]},${year}-${String((month % 12) + 1).padStart(2, "0")},reservations,${channels[Math.floor(i / names.length) % channels.length]},${(i * 31) % 5000}`,
        );
      }
      const bytes = Buffer.from(`${lines.join("\n")}\n`);
      const start = performance.now();
      const report = await importUsage(db, council.id, bytes, "bench");
      const ms = performance.now() - start;
      if (report.rejected.length > 0 || report.figures !== rows)
        throw new Error(`import: ${report.figures} figures, ${report.rejected.length} rejected`);
      return { rows, bytes: bytes.length, figures: report.figures, ms: round(ms), rowsPerSecond: Math.round(rows / (ms / 1000)) };
    } finally {
      await db.$disconnect();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

const shares = benchShares();
const usageImport = await benchImport();
const results = { date: new Date().toISOString(), node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, shares, usageImport };
const out = fileURLToPath(new URL("./bench-results/shares.json", import.meta.url));
mkdirSync(fileURLToPath(new URL("./bench-results/", import.meta.url)), { recursive: true });
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
console.log(JSON.stringify(results, null, 2));

// Prisma's query API or raw SQL through the same driver adapter, for the reads every event makes (issue #15:
// "where Prisma's per-query overhead dominates a hot path, measure the alternatives"). Same process, same
// SQLite file, same rows, the two variants interleaved in rounds so machine load hits both alike; reports CPU
// microseconds per read. Writes scripts/bench-results/raw-reads.json.
// Usage: npx tsx scripts/bench-raw-reads.ts [--reads 2000] [--rounds 5]
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { identifyActor, identifyActorPrisma } from "../src/domain/identities/identify-actor.ts";
import { createLargeOrgan } from "../test/support/large-organ.ts";
import { ROOT } from "../test/support/run-command.ts";
import { startTestKyodo } from "../test/support/test-kyodo.ts";
import { machine } from "./bench-support/slack-bench.ts";

const { values: args } = parseArgs({ options: { reads: { type: "string", default: "2000" }, rounds: { type: "string", default: "5" } } });
const READS = Number(args.reads);
const ROUNDS = Number(args.rounds);

const kyodo = await startTestKyodo({}, { http: false });
const organ = await createLargeOrgan(kyodo.db, kyodo.council.id, { slug: "raw", seats: 500, platform: "slack", workspace: "T1" });
const users = organ.voters.map((v) => v.externalUserId);

async function cpuPerRead(read: (user: string) => Promise<unknown>): Promise<number> {
  const cpu = process.cpuUsage();
  for (let i = 0; i < READS; i++) {
    if (!(await read(users[i % users.length]!))) throw new Error("bench: a read found nothing");
  }
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / READS;
}

const variants = {
  "identity (Prisma findUnique with include person.roles: 3 statements)": (u: string) => identifyActorPrisma(kyodo.db, "slack", "T1", u),
  "identity (raw SQL, one JOIN)": (u: string) => identifyActor(kyodo.db, "slack", "T1", u),
};
// Warm-up: the query compiler's caches, the JIT.
for (const read of Object.values(variants)) await cpuPerRead(read);
const samples: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
for (let round = 0; round < ROUNDS; round++)
  for (const [name, read] of Object.entries(variants)) samples[name]!.push(await cpuPerRead(read));

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const summary = {
  measuredAt: new Date().toISOString(),
  machine: machine(),
  command: `npx tsx scripts/bench-raw-reads.ts --reads ${READS} --rounds ${ROUNDS}`,
  note: "CPU microseconds per read, median of the rounds; both variants in the same process, interleaved",
  cpuMicrosPerRead: Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, Math.round(median(values))])),
};
process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
mkdirSync(join(ROOT, "scripts/bench-results"), { recursive: true });
writeFileSync(join(ROOT, "scripts/bench-results/raw-reads.json"), `${JSON.stringify(summary, null, 2)}\n`);
await kyodo.dispose();

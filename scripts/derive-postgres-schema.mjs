// Writes prisma/postgresql/schema.prisma from prisma/schema.prisma: the same data model, another provider.
// A Prisma schema names one provider and a generated client serves one, so PostgreSQL needs its own copy;
// deriving it keeps the model in one place. `--check` exits 1 when the committed copy is stale.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const SOURCE = `${root}prisma/schema.prisma`;
const TARGET = `${root}prisma/postgresql/schema.prisma`;

export function derivePostgresSchema(sqlite) {
  const replaced = sqlite
    .replace('provider = "sqlite"', 'provider = "postgresql"')
    .replace(/url\s*=\s*"file:[^"]*"/, 'url      = "postgresql://localhost/kyodo"')
    .replace('output       = "../src/storage/generated"', 'output       = "../../src/storage/generated-postgresql"');
  if (!replaced.includes('"postgresql"') || !replaced.includes("generated-postgresql")) {
    throw new Error("prisma/schema.prisma no longer has the datasource or generator lines this script rewrites");
  }
  return `// GENERATED from prisma/schema.prisma by scripts/derive-postgres-schema.mjs — edit that file, then run\n// \`node scripts/derive-postgres-schema.mjs\`. Only the provider, URL and client folder differ.\n${replaced}`;
}

const expected = derivePostgresSchema(readFileSync(SOURCE, "utf8"));
if (process.argv.includes("--check")) {
  let current = "";
  try {
    current = readFileSync(TARGET, "utf8");
  } catch {
    // missing counts as stale
  }
  if (current !== expected) {
    process.stderr.write("prisma/postgresql/schema.prisma is stale: run `node scripts/derive-postgres-schema.mjs`\n");
    process.exit(1);
  }
} else {
  writeFileSync(TARGET, expected);
}

// Prisma CLI configuration. The CLI runs offline through its bundled WebAssembly schema engine
// (engine "js" + a driver adapter); the native engine download is impossible on our machines.
// DATABASE_URL chooses the provider as Kyodo does: postgresql:// → PostgreSQL (its own schema copy,
// prisma/postgresql/schema.prisma), anything else → SQLite.
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";

process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= "/bin/false";
const url = process.env.DATABASE_URL ?? "file:./data/kyodo.db";
const postgres = /^postgres(ql)?:\/\//.test(url);

export default defineConfig({
  schema: postgres ? "prisma/postgresql/schema.prisma" : "prisma/schema.prisma",
  engine: "js",
  experimental: { adapter: true },
  adapter() {
    if (postgres) return Promise.resolve(new PrismaPg({ connectionString: url }));
    // libsql does not create missing folders; on a fresh clone ./data does not exist yet.
    if (url.startsWith("file:")) mkdirSync(dirname(resolve(url.slice("file:".length))), { recursive: true });
    return Promise.resolve(new PrismaLibSQL({ url }));
  },
});

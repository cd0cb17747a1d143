// Prisma CLI configuration. The CLI runs offline through its bundled WebAssembly schema engine
// (engine "js" + a driver adapter); the native engine download is impossible on our machines.
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaLibSQL } from "@prisma/adapter-libsql";

process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= "/bin/false";

export default defineConfig({
  schema: "prisma/schema.prisma",
  engine: "js",
  experimental: { adapter: true },
  adapter() {
    const url = process.env.DATABASE_URL ?? "file:./data/kyodo.db";
    // libsql does not create missing folders; on a fresh clone ./data does not exist yet.
    if (url.startsWith("file:")) mkdirSync(dirname(resolve(url.slice("file:".length))), { recursive: true });
    return Promise.resolve(new PrismaLibSQL({ url }));
  },
});

// Prisma CLI configuration. The CLI runs offline through its bundled WebAssembly schema engine
// (engine "js" + a driver adapter); the native engine download is impossible on our machines.
import { defineConfig } from "prisma/config";
import { PrismaLibSQL } from "@prisma/adapter-libsql";

process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= "/bin/false";

export default defineConfig({
  schema: "prisma/schema.prisma",
  engine: "js",
  experimental: { adapter: true },
  async adapter() {
    return new PrismaLibSQL({ url: process.env.DATABASE_URL ?? "file:./data/kyodo.db" });
  },
});

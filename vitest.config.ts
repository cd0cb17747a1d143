import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Database and HTTP tests start real servers; two workers fit the two-core machines we run on.
    pool: "forks",
    // One throw-away PostgreSQL cluster per run for the suites that run on both providers (skipped without one),
    // and the databases with the demo council loaded that test Kyodos start from (a copy each).
    globalSetup: ["test/support/postgres-cluster.ts", "test/support/demo-templates.ts"],
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

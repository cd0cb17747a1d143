import { configDefaults, defineConfig } from "vitest/config";

const INCLUDE = ["src/**/*.test.ts", "test/**/*.test.ts"];

/**
 * Files that change process-wide state another file would see (environment variables read once and cached,
 * module-level registries): they get a fresh process each, as every file did before.
 */
const ISOLATED = ["test/slack/slack-chart-fallbacks.test.ts"];

export default defineConfig({
  test: {
    // Database and HTTP tests start real servers; two workers fit the two-core machines we run on.
    pool: "forks",
    // One throw-away PostgreSQL cluster per run for the suites that run on both providers (skipped without one),
    // and the databases with the demo council loaded that test Kyodos start from (a copy each).
    globalSetup: ["test/support/postgres-cluster.ts", "test/support/demo-templates.ts"],
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      {
        // Importing Kyodo's module graph (Prisma clients, SDKs, the app) cost every file about a second of CPU,
        // a quarter of the suite: files that only start Kyodos and talk to them share one graph per worker.
        extends: true,
        test: { name: "shared", include: INCLUDE, exclude: [...configDefaults.exclude, ...ISOLATED], isolate: false },
      },
      { extends: true, test: { name: "isolated", include: ISOLATED } },
    ],
  },
});

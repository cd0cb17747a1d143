// Ready means: the database answers, every committed migration has been applied, and this instance's
// channels have started and it is not stopping — a load balancer sends it traffic only then.
import type { Db } from "../storage/database.ts";
import { migrationsDirFor } from "../storage/migrate.ts";
import { listMigrations } from "../storage/migrations.ts";
import { providerOf } from "../storage/provider.ts";

/** Where this process is in its life; app.ts moves it along, /readyz reports it. */
export interface Lifecycle {
  channels: "starting" | "started" | "stopping";
}

export interface Readiness {
  ready: boolean;
  database: "ok" | "unreachable";
  pendingMigrations: string[];
  channels: Lifecycle["channels"];
}

async function appliedMigrations(db: Db): Promise<Set<string>> {
  try {
    const rows = await db.$queryRawUnsafe<Array<{ migration_name: string }>>(
      `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    return new Set(rows.map((r) => r.migration_name));
  } catch {
    return new Set(); // no migrations table yet: nothing applied
  }
}

export async function checkReadiness(db: Db, lifecycle: Lifecycle = { channels: "started" }): Promise<Readiness> {
  const { channels } = lifecycle;
  try {
    await db.$queryRawUnsafe("SELECT 1");
  } catch {
    return { ready: false, database: "unreachable", pendingMigrations: [], channels };
  }
  const applied = await appliedMigrations(db);
  const pending = listMigrations(migrationsDirFor(providerOf(db)))
    .map((m) => m.name)
    .filter((name) => !applied.has(name));
  return { ready: pending.length === 0 && channels === "started", database: "ok", pendingMigrations: pending, channels };
}

// Ready means: the database answers and every committed migration has been applied.
import type { Db } from "../storage/database.ts";
import { migrationsDirFor } from "../storage/migrate.ts";
import { listMigrations } from "../storage/migrations.ts";
import { providerOf } from "../storage/provider.ts";

export interface Readiness {
  ready: boolean;
  database: "ok" | "unreachable";
  pendingMigrations: string[];
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

export async function checkReadiness(db: Db): Promise<Readiness> {
  try {
    await db.$queryRawUnsafe("SELECT 1");
  } catch {
    return { ready: false, database: "unreachable", pendingMigrations: [] };
  }
  const applied = await appliedMigrations(db);
  const pending = listMigrations(migrationsDirFor(providerOf(db)))
    .map((m) => m.name)
    .filter((name) => !applied.has(name));
  return { ready: pending.length === 0, database: "ok", pendingMigrations: pending };
}

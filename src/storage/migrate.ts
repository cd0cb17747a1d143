// Brings a database to the committed schema at start, whichever provider its URL names.
import { openRawConnection } from "./database.ts";
import { applyMigrations, MIGRATIONS_DIR } from "./migrations.ts";
import { applyPostgresMigrations, POSTGRES_MIGRATIONS_DIR } from "./postgres-migrations.ts";
import { isPostgresUrl, type Provider } from "./provider.ts";

/** Applies pending migrations; returns the names applied now. */
export async function migrateDatabase(url: string): Promise<string[]> {
  if (isPostgresUrl(url)) return applyPostgresMigrations(url);
  const raw = openRawConnection(url);
  try {
    return await applyMigrations(raw);
  } finally {
    raw.close();
  }
}

export function migrationsDirFor(provider: Provider): string {
  return provider === "postgresql" ? POSTGRES_MIGRATIONS_DIR : MIGRATIONS_DIR;
}

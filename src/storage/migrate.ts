// Brings a database to the committed schema at start, whichever provider its URL names.
import { openRawConnection } from "./database.ts";
import { applyMigrations, MIGRATIONS_DIR } from "./migrations.ts";
import { prepareInboxFile } from "./inbox-file.ts";
import { applyPostgresMigrations, POSTGRES_MIGRATIONS_DIR } from "./postgres-migrations.ts";
import { isPostgresUrl, type Provider } from "./provider.ts";

/** Applies pending migrations; returns the names applied now. */
export async function migrateDatabase(url: string): Promise<string[]> {
  if (isPostgresUrl(url)) return applyPostgresMigrations(url);
  const raw = openRawConnection(url);
  let applied: string[];
  try {
    applied = await applyMigrations(raw);
  } finally {
    raw.close();
  }
  // On SQLite the inbox has a file of its own (./inbox-schema.ts).
  await prepareInboxFile(url);
  return applied;
}

export function migrationsDirFor(provider: Provider): string {
  return provider === "postgresql" ? POSTGRES_MIGRATIONS_DIR : MIGRATIONS_DIR;
}

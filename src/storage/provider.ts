// Which database engine a URL or an open handle speaks. The rest of the code stays provider-neutral; the few
// places that must differ (raw SQL, claims, migrations) ask here.
export type Provider = "sqlite" | "postgresql";

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

export function providerOfUrl(url: string): Provider {
  return isPostgresUrl(url) ? "postgresql" : "sqlite";
}

/** The provider of a Prisma client or of a transaction on one (both carry the generated client's provider). */
export function providerOf(db: object): Provider {
  return (db as { _activeProvider?: string })._activeProvider === "postgresql" ? "postgresql" : "sqlite";
}

/** The n-th (1-based) positional parameter of a raw statement: `?` for SQLite, `$n` for PostgreSQL. */
export function sqlParameter(provider: Provider, n: number): string {
  return provider === "postgresql" ? `$${n}` : "?";
}

// What every CLI command needs: the migrated database, the council it acts on, who is acting (for the
// audit log), and a way to print. Errors the user can fix are printed in Japanese and English.
import { readFileSync } from "node:fs";
import { userInfo } from "node:os";
import { openMigratedDatabase } from "../app.ts";
import { loadConfig } from "../config/config.ts";
import { createLogger, type Logger } from "../config/logger.ts";
import { findCouncil } from "../domain/council/ensure-council.ts";
import { escapeForDisplay } from "../lib/untrusted-text.ts";
import { UserError } from "../lib/user-error.ts";
import type { Db } from "../storage/database.ts";

export interface CliContext {
  db: Db;
  /** warnings worth keeping (a stored row that cannot be read), as JSON on stderr */
  logger: Logger;
  actor: string;
  /** the installation's time zone (KYODO_TIMEZONE), for times printed to the secretariat */
  timezone: string;
  /** a property, not a method: commands hand it on (printReach(ctx.out, …)) */
  out: (line: string) => void;
  /** the council named by KYODO_COUNCIL; fails with a clear message when it does not exist */
  council(): Promise<NonNullable<Awaited<ReturnType<typeof findCouncil>>>>;
}

/** Reads a file the secretariat named; a missing or unreadable file is their mistake, said plainly. */
export function readTextFile(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    throw new UserError("cli.fileUnreadable", { file });
  }
}

export async function withCli<T>(work: (ctx: CliContext) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL === "info" ? "warn" : config.LOG_LEVEL);
  const db = await openMigratedDatabase(config, logger);
  const ctx: CliContext = {
    db,
    logger,
    actor: `cli:${safeUser()}`,
    timezone: config.KYODO_TIMEZONE,
    // What the CLI prints includes text from outside (email subjects, members' notes): escaped, so no
    // escape sequence reaches the secretariat's terminal raw.
    out: (line) => process.stdout.write(`${escapeForDisplay(line)}\n`),
    async council() {
      const council = await findCouncil(db, config.KYODO_COUNCIL);
      if (!council) throw new UserError("startup.noCouncil", { slug: config.KYODO_COUNCIL });
      return council;
    },
  };
  try {
    return await work(ctx);
  } finally {
    await db.$disconnect();
  }
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return "unknown";
  }
}

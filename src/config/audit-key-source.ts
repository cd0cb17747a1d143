// Where the audit key comes from. Production sets AUDIT_KEY (or AUDIT_KEY_FILE) from its secret store, so the key
// is held apart from the database. The embedded default has no secret store: Kyodo creates a random key file beside
// the SQLite file (readable by its owner only), so even a newcomer's log is keyed — someone with SQL access to the
// database alone cannot rebuild the chain. Losing that file means old entries can no longer be proven: back it up.
//
// A key file holds AUDIT_KEY's value on one line and, when it was created for a database that already had audit
// entries (an upgrade), a `legacy-entries=N` line: those N entries were written unkeyed and stay so.
import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import type { Logger } from "pino";
import { parseAuditKeys, useAuditKeys, type AuditKey } from "../domain/audit/audit-keys.ts";
import { ConfigError, type Config } from "./config.ts";

/** The key file Kyodo keeps beside a SQLite database when no key is configured; undefined for other databases. */
export function defaultAuditKeyFile(databaseUrl: string): string | undefined {
  if (!databaseUrl.startsWith("file:")) return undefined;
  const path = databaseUrl.startsWith("file://") ? fileURLToPath(databaseUrl) : databaseUrl.slice("file:".length);
  return path === ":memory:" ? undefined : `${path}.audit-key`;
}

const LEGACY = /^legacy-entries=(\d+)$/;

function readKeyFile(file: string): { keys: AuditKey[]; legacyEntries: number | undefined } {
  try {
    const lines = readFileSync(file, "utf8")
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean);
    const legacy = lines.map((line) => LEGACY.exec(line)).find(Boolean);
    return {
      keys: parseAuditKeys(lines.filter((line) => !LEGACY.test(line)).join(",")),
      legacyEntries: legacy ? Number(legacy[1]) : undefined,
    };
  } catch (error) {
    const reason = (error as Error).message;
    throw new ConfigError(
      `設定エラー: 監査キーのファイル ${file} を読めません (${reason}) / Configuration error: cannot read the audit key file ${file} (${reason})`,
    );
  }
}

export interface AuditKeySetup {
  keys: AuditKey[];
  /** set when Kyodo created the key file just now: call with the log's entry count once the database is open */
  recordLegacyEntries?(count: number): void;
}

/** Loads this process's audit keys (creating the embedded default's key file on first start) and installs them. */
export function loadAuditKeys(config: Config, logger: Logger): AuditKeySetup {
  let keys: AuditKey[] = [];
  let legacyEntries = config.AUDIT_KEY_LEGACY_ENTRIES;
  let createdFile: string | undefined;
  if (config.AUDIT_KEY) keys = parseAuditKeys(config.AUDIT_KEY);
  else {
    const file = config.AUDIT_KEY_FILE ?? defaultAuditKeyFile(config.DATABASE_URL);
    if (file && !config.AUDIT_KEY_FILE && !existsSync(file)) {
      mkdirSync(dirname(file), { recursive: true });
      const created = new Date().toISOString().slice(0, 10).replaceAll("-", "");
      try {
        writeFileSync(file, `k${created}:${randomBytes(32).toString("hex")}\n`, { mode: 0o600, flag: "wx" });
        createdFile = file;
        logger.info({ file }, "audit key file created; back it up with the database");
      } catch (error) {
        // Another process starting at the same moment wrote it first: use theirs.
        if ((error as { code?: string }).code !== "EEXIST") throw error;
      }
    }
    if (file) {
      const read = readKeyFile(file);
      keys = read.keys;
      legacyEntries ??= read.legacyEntries;
    }
  }
  if (keys.length === 0)
    logger.warn("no AUDIT_KEY: audit entries are hash-chained but not keyed; anyone who can write the database could rebuild the chain");
  useAuditKeys(keys, legacyEntries ?? 0);
  const setup: AuditKeySetup = { keys };
  if (createdFile) {
    const file = createdFile;
    setup.recordLegacyEntries = (count) => {
      if (count === 0) return;
      appendFileSync(file, `legacy-entries=${count}\n`);
      useAuditKeys(keys, count);
    };
  }
  return setup;
}

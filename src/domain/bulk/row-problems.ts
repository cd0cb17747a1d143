// What every bulk import shares: problems named by line (checked before anything is written), the field
// names as headers may be written (English or Japanese), and a lookup of member bodies by code or name
// that is loaded once instead of once per row.
import { nameKey, normalizeInput } from "../../lib/japanese/normalize.ts";
import { readCsvRows, type CsvRow } from "../../lib/csv-rows.ts";
import type { DbOrTx } from "../../storage/database.ts";
import { DomainError } from "../errors.ts";

export interface RowProblem {
  /** 1-based line in the file, counting the header as line 1 */
  line: number;
  key: string;
  vars: Record<string, unknown>;
}

/** The outcome of an all-or-nothing import: either written, or the problems and nothing written. */
export type ImportOutcome<R> = { written: true; report: R } | { written: false; problems: RowProblem[] };

/** Rows per createMany: well under SQLite's 999 bound values whatever the table's width. */
export const ROWS_PER_INSERT = 100;

export async function createInChunks<T>(rows: T[], create: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) await create(rows.slice(i, i + ROWS_PER_INSERT));
}

/** Reads the CSV and checks the required columns are there; a file that cannot be read is one problem. */
export function readImportRows(csv: string, aliases: Record<string, string>, required: string[]): CsvRow[] {
  const read = readCsvRows(csv, aliases);
  if (!read.ok) throw new DomainError("bulk.import.unreadable", { reason: read.reason });
  const missing = required.filter((column) => !read.headers.includes(column));
  if (missing.length > 0) throw new DomainError("bulk.import.missingColumns", { columns: missing.join(", ") });
  if (read.rows.length === 0) throw new DomainError("bulk.import.empty", {});
  return read.rows;
}

export interface BodyRef {
  id: string;
  code: string | null;
  name: string;
}

/** Finds a body by its local government code or its exact name (any common spelling); no guessing in bulk. */
export async function bodyLookup(db: DbOrTx, councilId: string): Promise<(text: string) => BodyRef | undefined> {
  const bodies = await db.body.findMany({ where: { councilId }, select: { id: true, code: true, name: true, nameKey: true } });
  const byCode = new Map(bodies.filter((b) => b.code).map((b) => [b.code!, b]));
  const byName = new Map(bodies.map((b) => [b.nameKey, b]));
  return (text) => {
    const query = normalizeInput(text).trim();
    return byCode.get(query) ?? byName.get(nameKey(query));
  };
}

const YES = new Set(["1", "yes", "y", "true", "はい", "○", "〇", "主", "主担当"]);

export function readFlag(text: string): boolean {
  return YES.has(normalizeInput(text).trim().toLowerCase());
}

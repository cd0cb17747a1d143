// Text columns that hold JSON are read back through a zod schema, never with a bare `JSON.parse(...) as T`:
// a row written by an older version, edited by hand or damaged is detected where it is read, with an error
// that names the row and the field, instead of being silently mis-read further on (a vote counted from a
// tally of the wrong shape, a survey asked with half its options).
import type { z } from "zod";

/** A stored JSON value that does not parse or does not have the shape this version expects. */
export class StoredJsonError extends Error {
  readonly where: string;

  constructor(where: string, detail: string) {
    super(`stored JSON at ${where} cannot be read: ${detail}`);
    this.name = "StoredJsonError";
    this.where = where;
  }
}

/** Why a value does not fit: the first few issues as `path: message`. */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join(".") : "(value)"}: ${issue.message}`)
    .join("; ");
}

/**
 * Parses `text` as JSON and checks it with `schema`. `where` names the row and column for the error, e.g.
 * `Survey 3f2a….questions`. Throws StoredJsonError when the text is not JSON or not of the schema's shape.
 */
export function readJsonColumn<S extends z.ZodType>(schema: S, text: string, where: string): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new StoredJsonError(where, `not JSON (${(error as Error).message})`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new StoredJsonError(where, describeIssues(parsed.error));
  return parsed.data;
}

/** As readJsonColumn, for a nullable column: null stays null. */
export function readOptionalJsonColumn<S extends z.ZodType>(schema: S, text: string | null, where: string): z.output<S> | null {
  return text === null ? null : readJsonColumn(schema, text, where);
}

// Text that came from outside — a definition file, an email subject, a member's note, a chat message —
// before Kyodo stores it or shows it. Three guards: control characters (NUL, ESC, C1 codes) and the
// replacement character left by invalid UTF-8 are refused in definitions; they are made visible, never
// passed through, in what a terminal or a chat shows; and a YAML document is turned into values with its
// alias expansion bounded, so an alias bomb is a clear refusal instead of a stack trace.
import type { Document } from "yaml";

/** C0 controls except tab and line breaks, DEL, C1 controls (\p{Cc} is exactly those three ranges), and U+FFFD
 *  (what invalid UTF-8 becomes). */
const FORBIDDEN_IN_DEFINITIONS = /[^\P{Cc}\t\n\r]|\ufffd/u;

export interface ForbiddenCharacter {
  line: number;
  column: number;
  /** "U+001B" */
  code: string;
}

/** The first character a definition must not contain, with its position; undefined when clean. */
export function findForbiddenCharacter(text: string): ForbiddenCharacter | undefined {
  const match = FORBIDDEN_IN_DEFINITIONS.exec(text);
  if (!match) return undefined;
  const before = text.slice(0, match.index);
  const line = before.split("\n").length;
  const column = match.index - before.lastIndexOf("\n");
  return { line, column, code: `U+${match[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}` };
}

/** Control characters (incl. ESC, so no terminal escape sequence survives), bidi overrides and line
 *  separators that can rewrite what a reader sees. Tab and newline stay: they are layout. */
const UNSAFE_FOR_DISPLAY = /[^\P{Cc}\t\n]|[\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

/** Shows untrusted text safely on a terminal or in a chat echo: each unsafe character becomes a visible
 *  "\u{1b}"-style escape, so nothing is hidden and nothing is executed by the terminal. */
export function escapeForDisplay(text: string): string {
  return text.replace(UNSAFE_FOR_DISPLAY, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}

/** More aliases than a hand-written definition ever needs; a "billion laughs" needs far more. */
export const MAX_YAML_ALIASES = 100;

/** The document's values, or the reason they cannot be had (an alias bomb, an unresolved alias). */
export function yamlValues(doc: Document): { ok: true; value: unknown } | { ok: false; problem: string } {
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: MAX_YAML_ALIASES }) };
  } catch (error) {
    return { ok: false, problem: (error as Error).message.split("\n")[0] ?? "unreadable" };
  }
}

/** escapeForDisplay applied to every string inside a value (a neutral message with its blocks). */
export function escapeDeep<T>(value: T): T {
  if (typeof value === "string") return escapeForDisplay(value) as T;
  if (Array.isArray(value)) return (value as unknown[]).map((v) => escapeDeep(v)) as T;
  // Plain objects only: a Date, a Buffer or any class instance inside a message is passed on as it is.
  if (value && typeof value === "object" && [Object.prototype, null].includes(Object.getPrototypeOf(value) as object | null)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeDeep(v)])) as T;
  }
  return value;
}

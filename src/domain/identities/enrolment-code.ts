// One-time enrolment codes: short, typed by hand, so they avoid look-alike characters (0/O, 1/I/L).
// Only a hash is stored; a leaked database does not leak usable codes.
import { createHash, randomInt } from "node:crypto";

const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const CODE_LENGTH = 8;

export function generateCode(): string {
  let code = "";
  for (let i = 0; i < CODE_LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** Folds what a person typed (full-width, lower case, spaces or dashes anywhere) to the canonical form. */
export function canonicalCode(input: string): string {
  return input
    .normalize("NFKC")
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, "");
}

export function hashCode(input: string): string {
  return createHash("sha256")
    .update(`kyodo-enrolment:${canonicalCode(input)}`)
    .digest("hex");
}

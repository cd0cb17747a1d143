// 全国地方公共団体コード: 2 digits of prefecture, 3 of body, then a check digit. The check digit is the last
// digit of 11 − (Σ digit × weight 6,5,4,3,2 mod 11), which catches a mistyped or swapped digit on import.

const WEIGHTS = [6, 5, 4, 3, 2] as const;

export function checkDigitFor(fiveDigits: string): number {
  if (!/^\d{5}$/.test(fiveDigits)) throw new Error(`expected five digits, got "${fiveDigits}"`);
  const sum = WEIGHTS.reduce((acc, weight, i) => acc + Number(fiveDigits[i]) * weight, 0);
  return (11 - (sum % 11)) % 10;
}

export type CodeProblem = "format" | "check_digit";

/** Validates a six-digit code (full-width digits accepted); returns the normalized code or the problem. */
export function validateLocalGovernmentCode(
  input: string,
): { ok: true; code: string } | { ok: false; problem: CodeProblem; expected?: string } {
  const code = input.normalize("NFKC").trim();
  if (!/^\d{6}$/.test(code)) return { ok: false, problem: "format" };
  const expected = checkDigitFor(code.slice(0, 5));
  if (Number(code[5]) !== expected) return { ok: false, problem: "check_digit", expected: code.slice(0, 5) + expected };
  return { ok: true, code };
}

export const BODY_KINDS = ["prefecture", "city", "town", "village", "special"] as const;
export type BodyKind = (typeof BODY_KINDS)[number];

const KIND_WORDS: Record<string, BodyKind> = {
  prefecture: "prefecture",
  県: "prefecture",
  府: "prefecture",
  都: "prefecture",
  道: "prefecture",
  city: "city",
  市: "city",
  区: "city",
  town: "town",
  町: "town",
  village: "village",
  村: "village",
  special: "special",
  一部事務組合: "special",
  広域連合: "special",
  企業団: "special",
  組合: "special",
};

/** Reads a body kind from a CSV column: English words or the Japanese suffixes used in names. */
export function parseBodyKind(input: string): BodyKind | undefined {
  return KIND_WORDS[input.normalize("NFKC").trim().toLowerCase()];
}

/** Guesses the kind from the name's ending (千葉市 → city, 酒々井町 → town), for CSVs that lack the column. */
export function kindFromName(name: string): BodyKind | undefined {
  const n = name.trim();
  for (const suffix of ["一部事務組合", "広域連合", "企業団", "組合"]) if (n.endsWith(suffix)) return "special";
  const last = n.slice(-1);
  return KIND_WORDS[last];
}

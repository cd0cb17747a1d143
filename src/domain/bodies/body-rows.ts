// Pure validation of member-body rows as they come from a spreadsheet: the code's check digit, the kind
// (given or read from the name's ending) and the name. Each rejected row says what to fix.
import { nameKey, normalizeInput } from "../../lib/japanese/normalize.ts";
import { kindFromName, parseBodyKind, validateLocalGovernmentCode, type BodyKind } from "./local-government-code.ts";

export interface BodyRow {
  code: string | null;
  name: string;
  nameKey: string;
  kind: BodyKind;
}

export interface RowProblem {
  /** 1-based line in the file, counting the header as line 1 */
  line: number;
  key: string;
  vars: Record<string, unknown>;
}

export function validateBodyRow(raw: Record<string, string | undefined>, line: number): BodyRow | RowProblem {
  const name = normalizeInput(raw.name ?? raw["団体名"] ?? "");
  const codeText = normalizeInput(raw.code ?? raw["団体コード"] ?? "");
  const kindText = raw.kind ?? raw["種別"] ?? "";
  if (name.length === 0) return { line, key: "bodies.import.missingName", vars: {} };
  const kind = kindText.trim() ? parseBodyKind(kindText) : kindFromName(name);
  if (!kind) return { line, key: "bodies.import.badKind", vars: { kind: kindText, name } };
  if (codeText.length === 0) {
    // Special-purpose bodies (一部事務組合, 企業団) are often listed without a code; others must have one.
    if (kind === "special") return { code: null, name, nameKey: nameKey(name), kind };
    return { line, key: "bodies.import.missingCode", vars: { name } };
  }
  const code = validateLocalGovernmentCode(codeText);
  if (!code.ok) {
    return code.problem === "format"
      ? { line, key: "bodies.import.badCodeFormat", vars: { code: codeText, name } }
      : { line, key: "bodies.import.badCheckDigit", vars: { code: codeText, name, expected: code.expected } };
  }
  return { code: code.code, name, nameKey: nameKey(name), kind };
}

export function isProblem(value: BodyRow | RowProblem): value is RowProblem {
  return "key" in value;
}

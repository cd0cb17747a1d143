// Exact money arithmetic. Every amount is a decimal.js value with 60 significant digits, far beyond any
// budget, so shares such as 9,784,800 ÷ 56 keep their digits until the one rounding step that decides
// whole yen. Floating point never touches money.
import { Decimal } from "decimal.js";

export const Dec = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_EVEN });
export type Dec = InstanceType<typeof Dec>;

/**
 * Reads an amount as people write it in Japanese settlement tables: 47,924,000 / 47924000円 / full-width
 * digits / △800 and ▲800 (the official minus sign) / -800. Returns undefined when it is not a number.
 */
export function parseAmount(input: string | number): Dec | undefined {
  if (typeof input === "number") return Number.isFinite(input) ? new Dec(String(input)) : undefined;
  let text = input
    .normalize("NFKC")
    .replace(/[,\s円]/g, "")
    .replace(/^[△▲]/, "-");
  if (text === "" || text === "-" || text === "—" || text === "―") return undefined;
  if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(text)) {
    text = text.replace(/^\+/, "");
    return new Dec(text);
  }
  return undefined;
}

/** Whole yen only (shares, budgets): a fractional amount is a typo, not a value to round silently. */
export function parseYen(input: string | number): Dec | undefined {
  const amount = parseAmount(input);
  return amount && amount.isInteger() ? amount : undefined;
}

/** 47,924,000 (digits grouped by thousands; negative as △800, as settlement tables print it). */
export function formatYen(amount: Dec, options: { triangle?: boolean } = {}): string {
  const negative = amount.isNegative() && !amount.isZero();
  const digits = amount
    .abs()
    .toFixed(0)
    .replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  if (!negative) return digits;
  return options.triangle === false ? `-${digits}` : `△${digits}`;
}

/** A count or other figure with thousands separators, keeping any decimals it has (12.5 hours). */
export function formatNumber(value: Dec): string {
  const [int, frac] = value.abs().toFixed().split(".");
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${value.isNegative() && !value.isZero() ? "-" : ""}${grouped}${frac ? `.${frac}` : ""}`;
}

export function sum(values: Iterable<Dec>): Dec {
  let total = new Dec(0);
  for (const value of values) total = total.plus(value);
  return total;
}

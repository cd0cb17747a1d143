// Words for a share's method, rounding rule and a body's basis, in the reader's language, shared by the
// chat message and the exports so both explain the split the same way.
import type { Translate } from "../../engine/i18n.ts";
import { formatFiscalYear } from "../../lib/japanese/era.ts";
import type { BasisPart } from "./share-methods.ts";
import { componentsOf, type ShareSpec } from "./share-spec.ts";
import { Dec, formatNumber, formatYen } from "../../lib/yen.ts";

export function describeMethod(spec: ShareSpec, t: Translate): string {
  const components = componentsOf(spec);
  return components
    .map((c) => {
      const m = c.method;
      const name = t(`money.methods.${m.method}`);
      const year = m.method === "population" || m.method === "births" ? t("money.share.statYear", { year: formatFiscalYear(m.year) }) : "";
      const prices =
        m.method === "class"
          ? `（${Object.entries(m.prices)
              .map(([kind, price]) => `${t(`bodyKinds.${kind}`)} ${formatYen(price)}${t("money.yen")}`)
              .join("、")}）`
          : "";
      return components.length > 1 ? `${name}${c.percent.toFixed()}%${year}${prices}` : `${name}${year}${prices}`;
    })
    .join(" + ");
}

export function describeRounding(spec: ShareSpec, t: Translate): string {
  const unit = t(spec.rounding.unit === 1000 ? "money.rounding.unit1000" : "money.rounding.unit1");
  const rule =
    spec.rounding.rule === "remainder_to"
      ? t("money.rounding.remainderTo", { body: spec.rounding.body })
      : t("money.rounding.largestRemainder");
  return `${unit}、${rule}`;
}

export function describeBounds(spec: ShareSpec, t: Translate): string | undefined {
  const parts = [
    spec.minimum ? t("money.share.minimum", { amount: formatYen(new Dec(spec.minimum)) }) : undefined,
    spec.cap ? t("money.share.cap", { amount: formatYen(new Dec(spec.cap)) }) : undefined,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join("、") : undefined;
}

/** Exact amounts are shown to two decimals; the rounding rule decides the whole yen. */
export function showExact(value: Dec): string {
  const fixed = value.toDecimalPlaces(2, Dec.ROUND_HALF_UP);
  return formatNumber(fixed.isInteger() ? fixed : new Dec(fixed.toFixed(2)));
}

export function describeBasis(parts: BasisPart[], bound: "minimum" | "cap" | null, roundedUp: boolean, t: Translate): string {
  const text = parts
    .map((p) => {
      const name = t(`money.methods.${p.method}`);
      const figure =
        p.method === "equal"
          ? t("money.basis.equal", { count: p.of })
          : p.method === "class"
            ? t("money.basis.class", { value: formatYen(new Dec(p.value ?? "0")) })
            : t("money.basis.statistic", { value: formatNumber(new Dec(p.value ?? "0")), of: formatNumber(new Dec(p.of ?? "0")) });
      return `${name}${parts.length > 1 ? `${p.percent}%` : ""} ${figure} → ${showExact(new Dec(p.exact))}`;
    })
    .join(" ＋ ");
  const notes = [bound ? t(`money.basis.${bound}`) : undefined, roundedUp ? t("money.basis.roundedUp") : undefined].filter(Boolean);
  return notes.length > 0 ? `${text}（${notes.join("、")}）` : text;
}

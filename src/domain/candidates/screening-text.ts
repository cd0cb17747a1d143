// The screening rule and its numbers in words, the same in chat, the CLI and the notice to the
// secretariat, so everyone sees why a candidate went forward (or what it still lacks).
import type { Translate } from "../../engine/i18n.ts";
import type { InterestLevel } from "./interest-levels.ts";
import type { ScreeningResult, ScreeningRule } from "./screening.ts";

export function levelLabel(t: Translate, level: InterestLevel): string {
  return t(`candidates.levels.${level}`);
}

export function levelList(t: Translate, levels: readonly InterestLevel[]): string {
  return levels.map((l) => levelLabel(t, l)).join(t("candidates.listSeparator"));
}

/** 会員団体の1/4以上が導入意向（次年度導入予定・翌々年度導入予定） */
export function ruleText(t: Translate, rule: ScreeningRule): string {
  return t("candidates.rule.text", { numerator: rule.numerator, denominator: rule.denominator, levels: levelList(t, rule.countedLevels) });
}

/** 導入意向 14団体 ／ 必要 14団体（会員56団体 × 1/4 = 14）→ 基準を満たしています */
export function screeningText(t: Translate, result: ScreeningResult): string {
  const required = Math.max(result.required, 1);
  const product = result.members * result.rule.numerator;
  const vars = { members: result.members, numerator: result.rule.numerator, denominator: result.rule.denominator, required };
  // Say "rounded up" only when there was something to round: 1/4 of 57 is 14.25, so 15 bodies.
  const basis =
    product % result.rule.denominator === 0
      ? t("candidates.screening.basisExact", vars)
      : t("candidates.screening.basisRounded", { ...vars, exact: (product / result.rule.denominator).toFixed(2).replace(/0+$/, "") });
  return t(result.passes ? "candidates.screening.passes" : "candidates.screening.fails", {
    intending: result.intending,
    required,
    basis,
    shortfall: result.shortfall,
  });
}

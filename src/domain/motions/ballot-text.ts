// Wording shared by chat replies, pushed notices and the CLI: the rules as voters read them, outcomes,
// option labels. Everything comes from the locale files.
import type { Translate } from "../../engine/i18n.ts";
import type { BallotRules } from "./ballot-rules.ts";
import { findOption, optionLabel, type MotionOption } from "./motion-options.ts";
import type { UnclearReason } from "./parse-vote-text.ts";

export function describeRules(rules: BallotRules, t: Translate): string[] {
  return [
    t(`motions.rules.quorum.${rules.quorum}`),
    t(`motions.rules.threshold.${rules.threshold}`),
    t(rules.abstentionsInDenominator ? "motions.rules.abstentionsCounted" : "motions.rules.abstentionsExcluded"),
    ...(rules.deemedConsent ? [t("motions.rules.deemedConsent")] : []),
    ...(rules.castingVote ? [t("motions.rules.castingVote")] : []),
    t(rules.allowChange ? "motions.rules.changeAllowed" : "motions.rules.changeNotAllowed"),
    ...(rules.earlyClose ? [t("motions.rules.earlyClose")] : []),
  ];
}

export function outcomeLabel(outcome: string | null, t: Translate): string {
  return outcome ? t(`motions.outcome.${outcome}`) : t("motions.outcome.pending");
}

export function choiceLabel(options: MotionOption[], key: string, locale: "ja" | "en"): string {
  const option = findOption(options, key);
  return option ? optionLabel(option, locale) : key;
}

/** 議案1 平成29年度事業報告及び収支決算の承認について */
export function motionLabel(motion: { number: number; title: string }, t: Translate): string {
  return t("motions.motionLabel", { number: motion.number, title: motion.title });
}

/** The words for why a vote was not read; the hedges of issue #17 have their own section. */
export function unclearKey(reason: UnclearReason): string {
  return reason === "qualified" ? "votes.unclear.qualified" : `motions.unclear.${reason}`;
}

// An answer as people read it: option labels rather than stored values, numbers with their unit,
// dates in the Japanese era for Japanese readers, ranks in order. Used by the summary, the receipt,
// the results and the exports; how one kind reads is its module's `format` (./kinds/).
import { translator } from "../../engine/i18n.ts";
import { kindOf } from "./kinds/index.ts";
import type { Locale } from "./kinds/kind.ts";
import type { AnswerValue, Question } from "./survey-types.ts";

/** "" when there is no answer; the skip of an optional question reads 回答なし / no answer. */
export function formatAnswer(question: Question, value: AnswerValue | undefined, locale: Locale): string {
  if (value === undefined) return "";
  if (value === null) return translator(locale)("surveys.answer.skipped");
  return kindOf(question).format(question, value, locale);
}

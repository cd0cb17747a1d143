// An answer as people read it: option labels rather than stored values, numbers with their unit,
// dates in the Japanese era for Japanese readers, ranks in order. Used by the summary, the receipt,
// the results and the exports.
import { translator } from "../../engine/i18n.ts";
import { formatJapaneseDate, parseJapaneseDate } from "../../lib/japanese/era.ts";
import { optionLabel, optionsOf, pick, type AnswerValue, type Question } from "./survey-types.ts";

type Locale = "ja" | "en";

export function formatDate(iso: string, locale: Locale): string {
  const date = parseJapaneseDate(iso);
  if (!date) return iso;
  return locale === "ja" ? `${formatJapaneseDate(date)}（${iso}）` : iso;
}

export function labelOf(question: Question, value: string, locale: Locale): string {
  const option = optionsOf(question).find((o) => o.value === value);
  return option ? optionLabel(option, locale) : value;
}

export function formatNumber(question: Extract<Question, { kind: "number" }>, value: number, locale: Locale): string {
  const unit = pick(question.unit ?? "", question.unitEn, locale);
  const text = value.toLocaleString(locale === "ja" ? "ja-JP" : "en-GB", { maximumFractionDigits: 10 });
  return unit ? (locale === "ja" ? `${text}${unit}` : `${text} ${unit}`) : text;
}

/** "" when there is no answer; the skip of an optional question reads 回答なし / no answer. */
export function formatAnswer(question: Question, value: AnswerValue | undefined, locale: Locale): string {
  const t = translator(locale);
  if (value === undefined) return "";
  if (value === null) return t("surveys.answer.skipped");
  const sep = locale === "ja" ? "、" : ", ";
  switch (question.kind) {
    case "single":
    case "yesno":
      return labelOf(question, scalarText(value), locale);
    case "multi":
      return (value as string[]).length === 0
        ? t("surveys.answer.noneChosen")
        : (value as string[]).map((v) => labelOf(question, v, locale)).join(sep);
    case "number":
      return formatNumber(question, Number(value), locale);
    case "text":
      return scalarText(value);
    case "date":
      return formatDate(scalarText(value), locale);
    case "ranking":
      return (value as string[])
        .map((v, i) => t("surveys.answer.rankItem", { rank: i + 1, label: labelOf(question, v, locale) }))
        .join(sep);
    case "matrix": {
      const record = value as Record<string, string[]>;
      return question.rows
        .filter((row) => row.value in record)
        .map((row) => {
          const picked = record[row.value]!;
          const chosen =
            picked.length === 0
              ? t("surveys.answer.noneChosen")
              : picked.map((v) => optionLabel(question.options.find((o) => o.value === v) ?? { value: v, label: v }, locale)).join("・");
          return `${optionLabel(row, locale)}: ${chosen}`;
        })
        .join(locale === "ja" ? "／" : " / ");
    }
  }
}

/** A stored answer as text where a string is expected; a list is joined as `String` would, not shown as an object. */
export function scalarText(value: AnswerValue): string {
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  if (Array.isArray(value)) return value.join(",");
  return value === null ? "null" : JSON.stringify(value);
}

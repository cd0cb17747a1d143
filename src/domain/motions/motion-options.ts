// The answers a motion offers. The default is 賛成 / 反対 / 棄権; a ballot may name its own (承認 / 不承認,
// 異議なし / 異議あり …), but each must say how it counts, so the tally rules stay the same for all.
import { readJsonColumn } from "../../lib/json-column.ts";
import { z } from "zod";

export const CHOICE_KINDS = ["for", "against", "abstain"] as const;
export type ChoiceKind = (typeof CHOICE_KINDS)[number];

export const motionOptionSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_-]{0,19}$/, "lower-case letters, digits, - or _ (max 20)"),
  ja: z.string().trim().min(1).max(20),
  en: z.string().trim().min(1).max(30),
  counts: z.enum(CHOICE_KINDS),
});
export type MotionOption = z.infer<typeof motionOptionSchema>;

export const DEFAULT_OPTIONS: MotionOption[] = [
  { key: "for", ja: "賛成", en: "For", counts: "for" },
  { key: "against", ja: "反対", en: "Against", counts: "against" },
  { key: "abstain", ja: "棄権", en: "Abstain", counts: "abstain" },
];

export const motionOptionsSchema = z
  .array(motionOptionSchema)
  .min(2)
  .max(6)
  .refine((options) => new Set(options.map((o) => o.key)).size === options.length, "option keys must differ")
  .refine(
    (options) => options.some((o) => o.counts === "for") && options.some((o) => o.counts === "against"),
    "needs an option counting for and one counting against",
  );

/** Motion.options as stored; `where` names the row when it cannot be read. */
export function parseOptions(json: string, where = "Motion.options"): MotionOption[] {
  return readJsonColumn(motionOptionsSchema, json, where);
}

export function optionLabel(option: MotionOption, locale: "ja" | "en"): string {
  return locale === "en" ? option.en : option.ja;
}

export function findOption(options: MotionOption[], key: string): MotionOption | undefined {
  return options.find((o) => o.key === key);
}

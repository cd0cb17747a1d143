// The secretariat writes a cost share as a small YAML or JSON file (the same shape the chat and the
// survey use internally). Amounts may be written as in documents ("47,924,000", "9784800円"); fiscal
// years as 平成29年度, R7 or 2017. Validation messages name the field to fix.
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { parseFiscalYear } from "../../lib/japanese/era.ts";
import { BODY_KINDS } from "../bodies/local-government-code.ts";
import { DomainError } from "../errors.ts";
import type { RoundingRule } from "./apportion.ts";
import type { ShareComponent, ShareMethod } from "./share-methods.ts";
import { Dec, parseYen } from "../../lib/yen.ts";

const yen = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const amount = parseYen(value);
  if (!amount || amount.isNegative()) {
    ctx.addIssue({ code: "custom", message: `not a whole, non-negative yen amount: ${value}` });
    return z.NEVER;
  }
  return amount.toFixed();
});

export const fiscalYearField = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const year = parseFiscalYear(String(value));
  if (!year) {
    ctx.addIssue({ code: "custom", message: `not a fiscal year: ${value}` });
    return z.NEVER;
  }
  return year;
});

const methodName = z.enum(["equal", "population", "births", "class"]);
const prices = z.partialRecord(z.enum(BODY_KINDS), yen);

const part = z.object({
  percent: z.union([z.number(), z.string()]).transform((v) => String(v)),
  method: methodName,
  year: fiscalYearField.optional(),
});

/** Who takes part: everyone, listed bodies (names or codes), an organ's seats, or everyone except some. */
export const participantsField = z.union([
  z.literal("all"),
  z.array(z.union([z.string(), z.number()]).transform(String)).min(1),
  z.object({ organ: z.string() }),
  z.object({ except: z.array(z.union([z.string(), z.number()]).transform(String)) }),
]);
export type ParticipantsSelection = z.infer<typeof participantsField>;

export const shareSpecSchema = z
  .object({
    title: z.string().min(1),
    fiscalYear: fiscalYearField,
    system: z.string().optional(),
    total: yen.optional(),
    participants: participantsField.default("all"),
    method: methodName.optional(),
    /** year of the statistics for a single population / births method */
    year: fiscalYearField.optional(),
    mix: z.array(part).min(1).optional(),
    prices: prices.optional(),
    rounding: z
      .object({
        unit: z
          .union([z.literal(1), z.literal(1000), z.literal("1"), z.literal("1000")])
          .transform(Number)
          .default(1),
        rule: z.enum(["largest_remainder", "remainder_to"]).default("largest_remainder"),
        body: z.string().optional(),
      })
      .default({ unit: 1, rule: "largest_remainder" }),
    minimum: yen.optional(),
    cap: yen.optional(),
  })
  .strict()
  .refine((s) => (s.method === undefined) !== (s.mix === undefined), { message: "give either method or mix", path: ["method"] })
  .refine((s) => s.rounding.rule !== "remainder_to" || Boolean(s.rounding.body), {
    message: "remainder_to needs rounding.body",
    path: ["rounding", "body"],
  });

export type ShareSpec = z.infer<typeof shareSpecSchema>;

/** Reads YAML (JSON is YAML too). */
export function parseSpecText(text: string): unknown {
  try {
    return parseYaml(text);
  } catch (error) {
    throw new DomainError("money.spec.unreadable", { reason: (error as Error).message });
  }
}

export function validateShareSpec(raw: unknown): ShareSpec {
  const parsed = shareSpecSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DomainError("money.spec.invalid", { field: issue.path.join(".") || "(spec)", reason: issue.message });
  }
  return parsed.data;
}

/**
 * Default statistics years: population of the year before (the latest 住民基本台帳 figure known when the
 * budget is drawn up) and births of the year before last (前々年度出生数), as Nagano's rule says.
 */
export function defaultYear(method: "population" | "births", fiscalYear: number): number {
  return method === "population" ? fiscalYear - 1 : fiscalYear - 2;
}

/** The spec's methods as rules, with the statistics years settled. */
export function componentsOf(spec: ShareSpec): ShareComponent[] {
  const toMethod = (name: z.infer<typeof methodName>, year: number | undefined): ShareMethod => {
    switch (name) {
      case "equal":
        return { method: "equal" };
      case "population":
      case "births":
        return { method: name, year: year ?? defaultYear(name, spec.fiscalYear) };
      case "class": {
        if (!spec.prices) throw new DomainError("money.spec.invalid", { field: "prices", reason: "class needs prices per kind of body" });
        return { method: "class", prices: Object.fromEntries(Object.entries(spec.prices).map(([k, v]) => [k, new Dec(v)])) };
      }
    }
  };
  if (spec.mix) return spec.mix.map((p) => ({ percent: new Dec(p.percent), method: toMethod(p.method, p.year) }));
  return [{ percent: new Dec(100), method: toMethod(spec.method!, spec.year) }];
}

export function roundingOf(spec: ShareSpec, bodyKeyOf: (name: string) => string): RoundingRule {
  return spec.rounding.rule === "remainder_to"
    ? { rule: "remainder_to", key: bodyKeyOf(spec.rounding.body!) }
    : { rule: "largest_remainder" };
}

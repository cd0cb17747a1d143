// A settlement (収支決算書) as the secretariat writes it in YAML or JSON: revenue and expense lines with
// 予算額 and 決算額 (差引額 is computed, never typed), optional breakdowns (摘要), what happens to the
// balance, and what the refund is proportional to (the cost shares each body paid, or listed amounts).
import { z } from "zod";
import { DomainError } from "../errors.ts";
import type { SettlementLineInput } from "./settlement.ts";
import { fiscalYearField } from "./share-spec.ts";
import { Dec, parseYen } from "../../lib/yen.ts";

const signedYen = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const amount = parseYen(value);
  if (!amount) {
    ctx.addIssue({ code: "custom", message: `not a whole yen amount: ${value}` });
    return z.NEVER;
  }
  return amount.toFixed();
});

const line = z
  .object({
    item: z.string().min(1),
    budget: signedYen,
    actual: signedYen,
    note: z.string().optional(),
    breakdown: z.array(z.object({ label: z.string(), amount: signedYen })).optional(),
  })
  .strict();

export const settlementSpecSchema = z
  .object({
    title: z.string().min(1),
    fiscalYear: fiscalYearField,
    system: z.string().optional(),
    revenue: z.array(line).min(1),
    expenses: z.array(line),
    /** 翌年度へ繰り越して返還 (refund_next_year), 繰越のみ (carry_over), or nothing */
    disposal: z.enum(["refund_next_year", "carry_over", "none"]).default("refund_next_year"),
    refund: z
      .union([
        z.object({ shares: z.array(z.number().int().positive()).min(1) }).strict(),
        z
          .object({ paid: z.array(z.object({ body: z.union([z.string(), z.number()]).transform(String), amount: signedYen })).min(1) })
          .strict(),
      ])
      .optional(),
  })
  .strict()
  .refine((s) => s.disposal !== "refund_next_year" || s.refund !== undefined, {
    message: "refund_next_year needs refund: { shares: [...] } or { paid: [...] }",
    path: ["refund"],
  });

export type SettlementSpec = z.infer<typeof settlementSpecSchema>;

export function validateSettlementSpec(raw: unknown): SettlementSpec {
  const parsed = settlementSpecSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DomainError("money.spec.invalid", { field: issue.path.join(".") || "(spec)", reason: issue.message });
  }
  return parsed.data;
}

export function linesOf(lines: SettlementSpec["revenue"]): SettlementLineInput[] {
  return lines.map((l) => ({
    item: l.item,
    budget: new Dec(l.budget),
    actual: new Dec(l.actual),
    note: l.note,
    breakdown: l.breakdown?.map((b) => ({ label: b.label, amount: new Dec(b.amount) })),
  }));
}

// The Chiba council's FY2017 e-procurement settlement must come out exactly as the report prints it,
// to the yen: every 差引額, both totals, the balance refunded, and the refunds adding up to it.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { seededRandom } from "../../../test/support/seeded-random.ts";
import { UserError } from "../../lib/user-error.ts";
import { refundInProportion, settle } from "./settlement.ts";
import { linesOf, validateSettlementSpec } from "./settlement-spec.ts";
import { parseSpecText } from "./share-spec.ts";
import { Dec, formatYen } from "../../lib/yen.ts";

const demo = (name: string) => readFileSync(fileURLToPath(new URL(`../../demo/usage-money/${name}`, import.meta.url)), "utf8");

describe("Chiba FY2017 e-procurement settlement", () => {
  const spec = validateSettlementSpec(parseSpecText(demo("chiba-fy2017-e-procurement-settlement.yaml")));
  const result = settle({ revenue: linesOf(spec.revenue), expenses: linesOf(spec.expenses) });
  const row = (l: { item: string; budget: Dec; actual: Dec; difference: Dec }) => [
    l.item,
    formatYen(l.budget),
    formatYen(l.actual),
    formatYen(l.difference),
  ];

  it("reproduces the revenue side (収入の部)", () => {
    expect(spec.fiscalYear).toBe(2017);
    expect(result.revenue.map(row)).toEqual([
      ["負担金", "59,733,000", "59,733,800", "△800"],
      ["前年度繰越金", "9,319,000", "9,319,500", "△500"],
      ["雑入", "10,000", "0", "10,000"],
    ]);
    expect([result.revenueTotals.budget, result.revenueTotals.actual, result.revenueTotals.difference].map((d) => formatYen(d))).toEqual([
      "69,062,000",
      "69,053,300",
      "8,700",
    ]);
  });

  it("reproduces the expense side (支出の部)", () => {
    expect(result.expenses.map(row)).toEqual([
      ["共同受付窓口運営費", "45,304,000", "36,438,397", "8,865,603"],
      ["委託料", "2,113,000", "1,758,611", "354,389"],
      ["協議会運営雑費", "475,000", "268,455", "206,545"],
      ["企業情報使用料", "2,025,000", "2,025,000", "0"],
      ["システム改修費", "9,785,000", "9,784,800", "200"],
      ["返還金", "9,320,000", "9,319,396", "604"],
      ["予備費", "40,000", "0", "40,000"],
    ]);
    expect([result.expenseTotals.budget, result.expenseTotals.actual, result.expenseTotals.difference].map((d) => formatYen(d))).toEqual([
      "69,062,000",
      "59,594,659",
      "9,467,341",
    ]);
  });

  it("balance 69,053,300 − 59,594,659 = 9,458,641, refunded in proportion to what was paid", () => {
    expect(formatYen(result.balance)).toBe("9,458,641");
    // What each body paid: the three cost shares 47,924,000 (55) + 2,025,000 (46) + 9,784,800 (56).
    const payments = Array.from({ length: 56 }, (_, i) => {
      const paid = new Dec(9_784_800)
        .div(56)
        .floor()
        .plus(i < 55 ? new Dec(47_924_000).div(55).floor() : 0)
        .plus(i < 46 ? new Dec(2_025_000).div(46).floor() : 0);
      return { key: `b${i}`, order: String(i).padStart(3, "0"), paid };
    });
    const refunds = refundInProportion(result.balance, payments);
    expect(refunds.reduce((acc, r) => acc.plus(r.amount), new Dec(0)).toFixed()).toBe("9458641");
    for (const r of refunds) expect(r.amount.minus(r.exact).abs().lt(1)).toBe(true);
  });

  it("rejects a breakdown that does not add up to the 決算額", () => {
    const broken = structuredClone(parseSpecText(demo("chiba-fy2017-e-procurement-settlement.yaml"))) as {
      expenses: Array<{ actual: string }>;
    };
    broken.expenses[0]!.actual = "36,438,398";
    const bad = validateSettlementSpec(broken);
    expect(() => settle({ revenue: linesOf(bad.revenue), expenses: linesOf(bad.expenses) })).toThrow(
      expect.objectContaining({ key: "money.settlement.breakdownMismatch" }),
    );
  });
});

describe("Chiba FY2017 e-application settlement", () => {
  it("balance 3,246,958 − 2,595,088 = 651,870", () => {
    const spec = validateSettlementSpec(parseSpecText(demo("chiba-fy2017-e-application-settlement.yaml")));
    const result = settle({ revenue: linesOf(spec.revenue), expenses: linesOf(spec.expenses) });
    expect(formatYen(result.revenueTotals.actual)).toBe("3,246,958");
    expect(formatYen(result.expenseTotals.actual)).toBe("2,595,088");
    expect(formatYen(result.revenueTotals.difference)).toBe("10,042");
    expect(formatYen(result.expenseTotals.difference)).toBe("661,912");
    expect(formatYen(result.balance)).toBe("651,870");
  });
});

describe("refund arithmetic", () => {
  it("refunds always add up to the balance and follow the payments (300 random cases)", () => {
    const random = seededRandom(9458641);
    for (let run = 0; run < 300; run++) {
      const payments = Array.from({ length: random.int(1, 70) }, (_, i) => ({
        key: `k${i}`,
        order: String(i),
        paid: new Dec(random.int(0, 3) === 0 ? 0 : random.int(1, 5_000_000)),
      }));
      if (payments.every((p) => p.paid.isZero())) payments[0]!.paid = new Dec(1);
      const balance = new Dec(random.int(0, 20_000_000));
      const refunds = refundInProportion(balance, random.shuffle(payments));
      expect(refunds.reduce((acc, r) => acc.plus(r.amount), new Dec(0)).eq(balance)).toBe(true);
      for (const r of refunds) {
        expect(r.amount.isNegative()).toBe(false);
        const paid = payments.find((p) => p.key === r.key)!.paid;
        if (paid.isZero()) expect(r.amount.isZero()).toBe(true);
      }
    }
  });

  it("a deficit is not refunded", () => {
    expect(() => refundInProportion(new Dec(-1), [{ key: "a", order: "a", paid: new Dec(1) }])).toThrow(UserError);
  });
});

// Cost shares and settlements on the demo council (Chiba's 56 bodies), through the same use cases the CLI
// and chat use: every method, rounding to the yen and to 1,000 yen, bounds, the estimate a survey shows,
// and the FY2017 e-procurement settlement reproduced to the yen with its refunds.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditLog } from "../../src/domain/audit/verify-audit-log.ts";
import { findBody } from "../../src/domain/bodies/find-body.ts";
import { createCostShare } from "../../src/domain/money/create-cost-share.ts";
import { estimateShareForBody } from "../../src/domain/money/estimate-share-if-joining.ts";
import { findCostShare } from "../../src/domain/money/find-cost-share.ts";
import { findSettlement } from "../../src/domain/money/find-settlement.ts";
import { importStatistics } from "../../src/domain/money/import-statistics.ts";
import { validateShareSpec } from "../../src/domain/money/share-spec.ts";
import { Dec, formatYen } from "../../src/lib/yen.ts";
import { loadUsageMoneyDemo } from "../../src/demo/usage-money/load-usage-money-demo.ts";
import { UserError } from "../../src/lib/user-error.ts";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";

let kyodo: TestKyodo;
let councilId: string;
beforeAll(async () => {
  kyodo = await startTestKyodo({}, { http: false });
  councilId = kyodo.council.id;
  // The demo council is loaded with its usage figures, shares and settlements; a second load is refused.
  expect(await kyodo.db.costShare.count({ where: { councilId } })).toBeGreaterThan(0);
  expect(await loadUsageMoneyDemo(kyodo.db, councilId)).toBe(false);
});
afterAll(async () => kyodo.dispose());

const sumOf = (lines: Array<{ amount: Dec }>) => lines.reduce((acc, l) => acc.plus(l.amount), new Dec(0));
const compute = (spec: Record<string, unknown>) =>
  createCostShare(kyodo.db, councilId, validateShareSpec({ title: "test", fiscalYear: "令和8年度", ...spec }), "test", { dryRun: true });

describe("the FY2017 e-procurement cost shares of the demo", () => {
  it("operating cost 47,924,000 by 55 bodies, company data 2,025,000 by 46, system change 9,784,800 by 56", async () => {
    const expected = [
      [1, "47924000", 55],
      [2, "2025000", 46],
      [3, "9784800", 56],
    ] as const;
    for (const [number, total, bodies] of expected) {
      const share = await findCostShare(kyodo.db, councilId, number);
      expect(share.lines).toHaveLength(bodies);
      expect(sumOf(share.lines).toFixed()).toBe(total);
      for (const line of share.lines) expect(line.amount.minus(line.exact).abs().lt(1)).toBe(true);
    }
    // 9,784,800 ÷ 56 = 174,728.571…: 32 bodies pay 174,729 and 24 pay 174,728; the extra yen go by code order.
    const equal = await findCostShare(kyodo.db, councilId, 3);
    const amounts = equal.lines.map((l) => l.amount.toNumber());
    expect(amounts.filter((a) => a === 174_729)).toHaveLength(32);
    expect(amounts.filter((a) => a === 174_728)).toHaveLength(24);
    expect(equal.lines[0]!.name).toBe("千葉県");
    expect(equal.lines[0]!.amount.toNumber()).toBe(174_729);
  });

  it("reproduces the settlement: revenue 69,053,300, spending 59,594,659, balance 9,458,641 refunded to the yen", async () => {
    const settlement = await findSettlement(kyodo.db, councilId, 1);
    expect(formatYen(settlement.result.revenueTotals.budget)).toBe("69,062,000");
    expect(formatYen(settlement.result.revenueTotals.actual)).toBe("69,053,300");
    expect(formatYen(settlement.result.expenseTotals.actual)).toBe("59,594,659");
    expect(formatYen(settlement.result.expenseTotals.difference)).toBe("9,467,341");
    expect(formatYen(settlement.result.balance)).toBe("9,458,641");
    // The 負担金 actually received equals what the three recorded shares billed.
    const billed = (await Promise.all([1, 2, 3].map((n) => findCostShare(kyodo.db, councilId, n)))).reduce(
      (acc, s) => acc.plus(sumOf(s.lines)),
      new Dec(0),
    );
    expect(settlement.result.revenue[0]!.actual.eq(billed)).toBe(true);
    expect(settlement.refunds).toHaveLength(56);
    expect(settlement.refunds.reduce((acc, r) => acc.plus(r.refund), new Dec(0)).toFixed()).toBe("9458641");
    expect(settlement.refunds.reduce((acc, r) => acc.plus(r.paid), new Dec(0)).toFixed()).toBe("59733800");
    // Proportional: 千葉県 paid the most (population), so it gets the largest refund.
    const largest = [...settlement.refunds].sort((a, b) => b.refund.cmp(a.refund))[0]!;
    expect(largest.name).toBe("千葉県");
    for (const r of settlement.refunds) expect(r.refund.minus(r.paid.mul("9458641").div("59733800")).abs().lt(1)).toBe(true);
    expect(await verifyAuditLog(kyodo.db)).toMatchObject({ chain: { ok: true }, state: { differences: [] } });
  });
});

describe("share methods on the demo council", () => {
  it("births of the year before last (Nagano): FY2017 uses FY2015 births", async () => {
    const result = await compute({
      fiscalYear: "平成29年度",
      total: "10,000,000",
      participants: { except: ["千葉県", "北千葉広域水道企業団"] },
      method: "births",
    });
    expect(result.result.lines).toHaveLength(54);
    expect(sumOf(result.result.lines).toFixed()).toBe("10000000");
    expect(result.result.lines[0]!.parts[0]!.year).toBe(2015);
    const chiba = await findBody(kyodo.db, councilId, "千葉市");
    const mikasa = result.result.lines.find((l) => l.key === chiba.id)!;
    expect(mikasa.amount.gt(1_000_000)).toBe(true);
  });

  it("30% equal + 70% population, in 1,000-yen units with the odd amount taken by the prefecture", async () => {
    const result = await compute({
      fiscalYear: 2017,
      total: 7_020_500,
      participants: { except: ["北千葉広域水道企業団"] },
      mix: [
        { percent: 30, method: "equal" },
        { percent: 70, method: "population", year: 2016 },
      ],
      rounding: { unit: 1000, rule: "remainder_to", body: "千葉県" },
    });
    expect(sumOf(result.result.lines).toFixed()).toBe("7020500");
    const pref = result.result.lines.find((l) => l.name === "千葉県")!;
    expect(pref.amount.mod(1000).toNumber()).toBe(500);
    for (const l of result.result.lines.filter((x) => x.name !== "千葉県")) expect(l.amount.mod(1000).isZero()).toBe(true);
  });

  it("price per class of body (Kumamoto): the total is the sum of the prices", async () => {
    const result = await compute({
      participants: ["千葉市", "銚子市", "酒々井町", "長生村"],
      method: "class",
      prices: { city: "600,000", town: 400000, village: 300000 },
    });
    expect(result.result.total.toNumber()).toBe(1_900_000);
    expect(result.result.lines.map((l) => l.amount.toNumber())).toEqual([600_000, 600_000, 400_000, 300_000]);
  });

  it("a minimum and a cap on the whole council", async () => {
    const result = await compute({
      fiscalYear: 2017,
      total: 56_000_000,
      participants: { except: ["北千葉広域水道企業団"] },
      method: "population",
      year: 2016,
      minimum: 200_000,
      cap: 10_000_000,
    });
    expect(sumOf(result.result.lines).toFixed()).toBe("56000000");
    expect(result.result.lines.find((l) => l.name === "千葉県")!.amount.toNumber()).toBe(10_000_000);
    expect(result.result.lines.find((l) => l.name === "神崎町")!.amount.toNumber()).toBe(200_000);
  });

  it("names every body missing a statistic", async () => {
    await expect(compute({ fiscalYear: 2017, total: 1000, method: "population", year: 2016 })).rejects.toMatchObject({
      key: "money.missingStatistics",
      vars: { bodies: "北千葉広域水道企業団" },
    });
    await expect(compute({ total: 1000, participants: ["千葉市", "存在しない市"], method: "equal" })).rejects.toThrow(UserError);
  });
});

describe("what a body would pay if it joined (for the participation survey)", () => {
  it("神崎町 joining the company-data share: 2,025,000 among 47 bodies", async () => {
    const kozaki = await findBody(kyodo.db, councilId, "神崎町");
    const estimate = await estimateShareForBody(kyodo.db, { councilId, shareNumber: 2, bodyId: kozaki.id });
    expect(estimate.alreadyParticipating).toBe(false);
    expect(estimate.participants).toBe(47);
    expect([43_085, 43_086]).toContain(estimate.amount.toNumber());
    // Nothing was recorded: the share still has its 46 bodies.
    expect((await findCostShare(kyodo.db, councilId, 2)).lines).toHaveLength(46);
  });

  it("a body already in the share sees its current amount", async () => {
    const chiba = await findBody(kyodo.db, councilId, "千葉市");
    const estimate = await estimateShareForBody(kyodo.db, { councilId, shareNumber: 3, bodyId: chiba.id });
    expect(estimate.alreadyParticipating).toBe(true);
    const current = (await findCostShare(kyodo.db, councilId, 3)).lines.find((l) => l.bodyId === chiba.id)!;
    expect(estimate.amount.eq(current.amount)).toBe(true);
  });
});

describe("importing body statistics", () => {
  it("imports population and births by name or code with Japanese headers, reporting bad rows by line", async () => {
    const csv = [
      "# 令和6年 住民基本台帳人口（例）",
      "団体名,種別,年度,値",
      '千葉市,人口,令和6年度,"976,000"',
      "122025,出生数,R5,300",
      "千葉都,人口,2024,5",
      "銚子市,面積,2024,84",
      "銚子市,人口,来年度,5",
      "銚子市,人口,2024,-5",
    ].join("\n");
    const report = await importStatistics(kyodo.db, councilId, csv, "test");
    expect(report.imported).toBe(2);
    expect(report.rejected.map((r) => [r.line, r.key])).toEqual([
      [5, "money.statistics.unknownBody"],
      [6, "money.statistics.badKind"],
      [7, "money.statistics.badYear"],
      [8, "money.statistics.badValue"],
    ]);
    const chiba = await findBody(kyodo.db, councilId, "千葉市");
    expect(
      (
        await kyodo.db.bodyStatistic.findUniqueOrThrow({
          where: { bodyId_kind_fiscalYear: { bodyId: chiba.id, kind: "population", fiscalYear: 2024 } },
        })
      ).value,
    ).toBe(976_000);
  });

  it("a settlement whose stored spec was damaged is refused naming the row, not misread", async () => {
    const row = await kyodo.db.settlement.findFirstOrThrow({ where: { councilId, number: 1 } });
    await kyodo.db.settlement.update({ where: { id: row.id }, data: { spec: JSON.stringify({ title: "x", revenue: "all" }) } });
    try {
      await expect(findSettlement(kyodo.db, councilId, 1)).rejects.toThrow(`stored JSON at Settlement ${row.id}.spec cannot be read`);
    } finally {
      await kyodo.db.settlement.update({ where: { id: row.id }, data: { spec: row.spec } });
    }
    expect((await findSettlement(kyodo.db, councilId, 1)).spec).toEqual(JSON.parse(row.spec) as unknown);
  });
});

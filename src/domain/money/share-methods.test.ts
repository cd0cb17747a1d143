// Properties of the split over random councils (seeded, so every run checks the same cases): shares add up
// to the total exactly, none is negative, none moves a whole unit from its exact value, bounds hold, and
// the order in which bodies are listed changes nothing.
import { describe, expect, it } from "vitest";
import { seededRandom } from "../../../test/support/seeded-random.ts";
import type { BodyKind } from "../bodies/local-government-code.ts";
import { UserError } from "../../lib/user-error.ts";
import { roundShares } from "./apportion.ts";
import { computeShares, statisticKey, type Participant, type ShareRules } from "./share-methods.ts";
import { Dec } from "../../lib/yen.ts";

const KINDS: BodyKind[] = ["prefecture", "city", "town", "village", "special"];

function randomCouncil(random: ReturnType<typeof seededRandom>, n: number): Participant[] {
  return Array.from({ length: n }, (_, i) => ({
    key: `b${i}`,
    order: String(100000 + i * 7),
    name: `団体${i}`,
    kind: random.pick(KINDS),
    statistics: new Map([
      [statisticKey("population", 2024), random.int(0, 3) === 0 ? random.int(800, 5000) : random.int(5000, 980000)],
      [statisticKey("births", 2023), random.int(0, 9000)],
    ]),
  }));
}

function randomRules(random: ReturnType<typeof seededRandom>, n: number): ShareRules {
  const unit = new Dec(random.pick([1, 1, 1000]));
  const total = new Dec(random.int(n, 20_000_000)).mul(unit.eq(1000) ? 1000 : 1);
  const split = random.int(0, 100);
  const components = random.pick([
    [{ percent: new Dec(100), method: { method: "equal" as const } }],
    [{ percent: new Dec(100), method: { method: "population" as const, year: 2024 } }],
    [{ percent: new Dec(100), method: { method: "births" as const, year: 2023 } }],
    [
      { percent: new Dec(split), method: { method: "equal" as const } },
      { percent: new Dec(100 - split), method: { method: "population" as const, year: 2024 } },
    ],
  ]);
  const average = total.div(n);
  const minimum = random.int(0, 2) === 0 ? average.div(random.int(2, 6)).div(unit).floor().mul(unit) : undefined;
  const cap = random.int(0, 2) === 0 ? average.mul(random.int(2, 5)).div(unit).ceil().mul(unit) : undefined;
  return { total, components, unit, rounding: { rule: "largest_remainder" }, minimum, cap };
}

describe("share calculation properties", () => {
  it("shares add up to the total, none negative, each within one unit of exact, bounds respected (500 random councils)", () => {
    const random = seededRandom(20171);
    for (let run = 0; run < 500; run++) {
      const n = random.int(1, 80);
      const participants = randomCouncil(random, n);
      const rules = randomRules(random, n);
      const result = computeShares(rules, participants);
      const sum = result.lines.reduce((acc, l) => acc.plus(l.amount), new Dec(0));
      expect(sum.toFixed(), `seed run ${run}`).toBe(rules.total!.toFixed());
      for (const line of result.lines) {
        expect(line.amount.isNegative()).toBe(false);
        expect(line.amount.mod(rules.unit).isZero()).toBe(true);
        expect(line.amount.minus(line.exact).abs().lt(rules.unit)).toBe(true);
        if (rules.minimum) expect(line.amount.gte(rules.minimum)).toBe(true);
        if (rules.cap) expect(line.amount.lte(rules.cap)).toBe(true);
      }
    }
  });

  it("the order of bodies changes nothing (200 random councils, shuffled)", () => {
    const random = seededRandom(4242);
    for (let run = 0; run < 200; run++) {
      const n = random.int(2, 60);
      const participants = randomCouncil(random, n);
      const rules = randomRules(random, n);
      const byKey = (r: ReturnType<typeof computeShares>) => Object.fromEntries(r.lines.map((l) => [l.key, l.amount.toFixed()]));
      expect(byKey(computeShares(rules, random.shuffle(participants)))).toEqual(byKey(computeShares(rules, participants)));
    }
  });

  it("ties in the remainder go to the smaller code, whatever the order", () => {
    const claims = ["122025", "121002", "120006"].map((order) => ({ key: order, order, exact: new Dec(100).div(3) }));
    const rounded = roundShares(claims, new Dec(100), new Dec(1), { rule: "largest_remainder" });
    expect(Object.fromEntries(rounded.map((r) => [r.key, r.amount.toNumber()]))).toEqual({ "120006": 34, "121002": 33, "122025": 33 });
  });

  it("1,000-yen units with the odd amount taken by a named body (remainder_to)", () => {
    const claims = ["a", "b", "c"].map((key) => ({ key, order: key, exact: new Dec(1_000_500).div(3) }));
    const rounded = roundShares(claims, new Dec(1_000_500), new Dec(1000), { rule: "remainder_to", key: "a" });
    expect(rounded.map((r) => r.amount.toNumber())).toEqual([334_500, 333_000, 333_000]);
    expect(() => roundShares(claims, new Dec(1_000_500), new Dec(1000), { rule: "largest_remainder" })).toThrow(UserError);
  });

  it("class prices without a total: each body pays its price (Kumamoto)", () => {
    const bodies: Participant[] = [
      { key: "c", order: "1", name: "市", kind: "city", statistics: new Map() },
      { key: "t", order: "2", name: "町", kind: "town", statistics: new Map() },
      { key: "v", order: "3", name: "村", kind: "village", statistics: new Map() },
    ];
    const prices = { city: new Dec(600_000), town: new Dec(400_000), village: new Dec(300_000) };
    const result = computeShares(
      {
        components: [{ percent: new Dec(100), method: { method: "class", prices } }],
        unit: new Dec(1),
        rounding: { rule: "largest_remainder" },
      },
      bodies,
    );
    expect(result.total.toNumber()).toBe(1_300_000);
    expect(result.lines.map((l) => l.amount.toNumber())).toEqual([600_000, 400_000, 300_000]);
  });

  it("explains impossible bounds and missing statistics", () => {
    const random = seededRandom(1);
    const participants = randomCouncil(random, 4);
    const base = {
      total: new Dec(1000),
      components: [{ percent: new Dec(100), method: { method: "equal" as const } }],
      unit: new Dec(1),
      rounding: { rule: "largest_remainder" as const },
    };
    expect(() => computeShares({ ...base, minimum: new Dec(300) }, participants)).toThrow(
      expect.objectContaining({ key: "money.minimumTooHigh" }),
    );
    expect(() => computeShares({ ...base, cap: new Dec(200) }, participants)).toThrow(expect.objectContaining({ key: "money.capTooLow" }));
    expect(() =>
      computeShares({ ...base, components: [{ percent: new Dec(100), method: { method: "births", year: 1999 } }] }, participants),
    ).toThrow(expect.objectContaining({ key: "money.missingStatistics" }));
    expect(() => computeShares({ ...base, components: [{ percent: new Dec(60), method: { method: "equal" } }] }, participants)).toThrow(
      expect.objectContaining({ key: "money.percentsNot100" }),
    );
  });

  it("a minimum lifts small bodies and the rest keep their proportions", () => {
    const bodies: Participant[] = [10, 20, 970].map((pop, i) => ({
      key: `b${i}`,
      order: String(i),
      name: `b${i}`,
      kind: "city",
      statistics: new Map([[statisticKey("population", 2024), pop]]),
    }));
    const result = computeShares(
      {
        total: new Dec(1000),
        components: [{ percent: new Dec(100), method: { method: "population", year: 2024 } }],
        unit: new Dec(1),
        rounding: { rule: "largest_remainder" },
        minimum: new Dec(100),
      },
      bodies,
    );
    expect(result.lines.map((l) => [l.amount.toNumber(), l.bound])).toEqual([
      [100, "minimum"],
      [100, "minimum"],
      [800, undefined],
    ]);
  });
});

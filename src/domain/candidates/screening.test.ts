import { describe, expect, it } from "vitest";
import type { InterestLevel } from "./interest-levels.ts";
import { DEFAULT_RULE, parseThreshold, readCountedLevels, requiredBodies, screen } from "./screening.ts";

/** n bodies planning next year, the rest of the answers as given. */
const levels = (intending: number, others: InterestLevel[] = []): InterestLevel[] => [
  ...Array<InterestLevel>(intending).fill("next_year"),
  ...others,
];

describe("the screening rule (Kumamoto: about 1/4 of members intend to join)", () => {
  it("1/4 of Chiba's 56 bodies is 14, exactly", () => {
    expect(requiredBodies(56, DEFAULT_RULE)).toBe(14);
  });

  it("at and around the threshold of 56 bodies: 13 fails, 14 and 15 pass", () => {
    expect(screen(DEFAULT_RULE, 56, levels(13))).toMatchObject({ required: 14, intending: 13, passes: false, shortfall: 1 });
    expect(screen(DEFAULT_RULE, 56, levels(14))).toMatchObject({ required: 14, intending: 14, passes: true, shortfall: 0 });
    expect(screen(DEFAULT_RULE, 56, levels(15))).toMatchObject({ intending: 15, passes: true });
  });

  it("rounds a share that does not divide up: 1/4 of 57 needs 15 bodies, not 14", () => {
    expect(requiredBodies(57, DEFAULT_RULE)).toBe(15);
    expect(screen(DEFAULT_RULE, 57, levels(14)).passes).toBe(false);
    expect(requiredBodies(55, DEFAULT_RULE)).toBe(14);
    expect(requiredBodies(89, DEFAULT_RULE)).toBe(23); // Nagano's 89 bodies
    expect(requiredBodies(44, { numerator: 1, denominator: 3 })).toBe(15); // Osaka: the prefecture and 43
  });

  it("counts only the levels of the rule: interest alone is not an intention to join", () => {
    const answers = levels(10, ["year_after", "year_after", "year_after", "interested", "interested", "studying", "none", "none"]);
    expect(screen(DEFAULT_RULE, 56, answers)).toMatchObject({ intending: 13, passes: false });
    expect(screen({ ...DEFAULT_RULE, countedLevels: ["next_year", "year_after", "interested"] }, 56, answers)).toMatchObject({
      intending: 15,
      passes: true,
    });
    expect(screen({ ...DEFAULT_RULE, countedLevels: ["next_year"] }, 56, answers)).toMatchObject({ intending: 10, shortfall: 4 });
  });

  it("never passes with nobody intending, even for a tiny council", () => {
    expect(screen(DEFAULT_RULE, 0, [])).toMatchObject({ required: 0, passes: false, shortfall: 1 });
    expect(screen(DEFAULT_RULE, 3, levels(1))).toMatchObject({ required: 1, passes: true });
  });
});

describe("reading a threshold", () => {
  it("as a fraction, in Japanese, as a percentage or a decimal, reduced", () => {
    expect(parseThreshold("1/4")).toEqual({ numerator: 1, denominator: 4 });
    expect(parseThreshold("１／３")).toEqual({ numerator: 1, denominator: 3 });
    expect(parseThreshold("4分の1")).toEqual({ numerator: 1, denominator: 4 });
    expect(parseThreshold("25%")).toEqual({ numerator: 1, denominator: 4 });
    expect(parseThreshold("33.3%")).toEqual({ numerator: 333, denominator: 1000 });
    expect(parseThreshold("0.5")).toEqual({ numerator: 1, denominator: 2 });
    expect(parseThreshold("2/8")).toEqual({ numerator: 1, denominator: 4 });
  });

  it("refuses what is not a share of the members", () => {
    for (const bad of ["5/4", "0/4", "1/0", "abc", "", "120%"]) expect(parseThreshold(bad), bad).toBeUndefined();
  });

  it("reads stored levels, falling back to the default for a damaged row", () => {
    expect(readCountedLevels('["year_after","next_year"]')).toEqual(["next_year", "year_after"]);
    expect(readCountedLevels("not json")).toEqual(DEFAULT_RULE.countedLevels);
    expect(readCountedLevels('["nonsense"]')).toEqual(DEFAULT_RULE.countedLevels);
  });
});

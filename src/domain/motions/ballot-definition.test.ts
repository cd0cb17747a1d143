// Ballot files: the example reads, and each mistake is reported with its file, line and field.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { UserError } from "../../lib/user-error.ts";
import { parseBallotDefinition, parseDateTime } from "./ballot-definition.ts";

const example = readFileSync(new URL("../../../scripts/examples/ballot-sokai-2017.yaml", import.meta.url), "utf8");

function problemOf(source: string): UserError {
  try {
    parseBallotDefinition(source, "ballot.yaml");
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error("expected an error");
}

describe("ballot definition files", () => {
  it("reads the 総会 書面表決 example with its four motions", () => {
    const { definition } = parseBallotDefinition(example, "ballot-sokai-2017.yaml");
    expect(definition.organ).toBe("sokai");
    expect(definition.motions.map((m) => m.number)).toEqual([1, 2, 3, 4]);
    expect(definition.motions[0]!.title).toBe("平成30年度ちば電子調達システム利用負担金額（案）の決定について");
    expect(definition.motions[3]!.attachments![0]!.label).toContain("別紙4");
    expect(definition.rules).toMatchObject({ quorum: "majority", castingVote: true });
  });

  it("names the file, line and field of a wrong value", () => {
    const source = "title: 総会\norgan: sokai\ndeadline: 2026-12-04\nrules:\n  quorum: most\nmotions:\n  - title: 議案\n";
    const error = problemOf(source);
    expect(error.key).toBe("motions.definition.invalid");
    expect(String(error.vars.problems)).toMatch(/^ballot\.yaml:5 rules\.quorum: /);
  });

  it("points a missing field at its enclosing entry", () => {
    const source =
      "title: 総会\norgan: sokai\ndeadline: 2026-12-04\nmotions:\n  - number: 1\n    title: 議案その1\n  - number: 2\n    text: 本文のみ\n";
    expect(String(problemOf(source).vars.problems)).toMatch(/^ballot\.yaml:7 motions\[2\]\.title: /);
  });

  it("rejects unknown fields (a misspelt rule is not silently ignored)", () => {
    const source = "title: 総会\norgan: sokai\ndeadline: 2026-12-04\nrules:\n  deemedConsend: true\nmotions:\n  - title: 議案\n";
    expect(String(problemOf(source).vars.problems)).toMatch(/^ballot\.yaml:5 rules: .*deemedConsend/);
  });

  it("reports a YAML syntax error with its line", () => {
    const error = problemOf("title: 総会\norgan: [sokai\ndeadline: x\n");
    expect(error.key).toBe("motions.definition.syntax");
    expect(error.vars.line).toBeGreaterThan(1);
  });

  it("reads JSON too", () => {
    const { definition } = parseBallotDefinition(
      JSON.stringify({ title: "幹事会メール審議", organ: "kanjikai", deadline: "2026-12-04", motions: [{ title: "議案" }] }),
      "b.json",
    );
    expect(definition.motions).toHaveLength(1);
  });
});

describe("parseDateTime", () => {
  const zone = "Asia/Tokyo";
  it.each([
    ["2026-12-04 17:00", "2026-12-04T08:00:00.000Z"],
    ["令和8年12月4日 17:00", "2026-12-04T08:00:00.000Z"],
    ["令和8年12月4日 17時", "2026-12-04T08:00:00.000Z"],
    ["令和8年12月4日 9時30分", "2026-12-04T00:30:00.000Z"],
    ["２０２６／１２／４", "2026-12-04T08:00:00.000Z"],
    ["2026-12-04", "2026-12-04T08:00:00.000Z"],
    ["2026-12-04T17:00:00+09:00", "2026-12-04T08:00:00.000Z"],
  ])("%s", (input, iso) => {
    expect(parseDateTime(input, zone)?.toISOString()).toBe(iso);
  });
  it("rejects what is not a date", () => {
    expect(parseDateTime("来週の金曜", zone)).toBeUndefined();
    expect(parseDateTime("2026-02-30", zone)).toBeUndefined();
  });
});

// The secretariat's CLI end to end: import bodies from a CSV with mistakes, add a person, give them a
// seat, issue a code; every error says what to fix, in Japanese and English.
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import iconv from "iconv-lite";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../support/run-command.ts";
import { tempDatabaseUrl } from "../support/test-kyodo.ts";

const { dir, databaseUrl } = tempDatabaseUrl();
const env = { DATABASE_URL: databaseUrl, KYODO_COUNCIL: "test", KYODO_LOAD_DEMO: "never" };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("secretariat CLI", () => {
  it("refuses to work on a council that does not exist, saying how to create it", async () => {
    const result = await runCli(["bodies", "list"], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("council create test");
  });

  it("imports a Shift_JIS CSV, reporting bad rows by line", async () => {
    expect((await runCli(["council", "create", "test", "テスト協議会"], env)).code).toBe(0);
    const csv = [
      "団体コード,団体名,種別",
      "121002,千葉市,市",
      "121003,偽市,市",
      ",長生村,村",
      "122246,鎌ヶ谷市,city",
      "122246,鎌ケ谷市,city",
      "123226,酒々井町,",
      ",北千葉広域水道企業団,special",
      "124231,長生村,spaceship",
    ].join("\r\n");
    const file = join(dir, "bodies.csv");
    writeFileSync(file, iconv.encode(csv, "Shift_JIS"));
    // All or nothing by default: the report lists the problems and nothing is written.
    const refused = await runCli(["bodies", "import", file], env);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain("何も取り込んでいません");
    expect((await runCli(["bodies", "list"], env)).stdout).not.toContain("酒々井町");
    const result = await runCli(["bodies", "import", file, "--skip-invalid"], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("新規 4件");
    expect(result.stdout).toContain("エラー 4件");
    expect(result.stdout).toContain(`${file}:3: 「偽市」の団体コード「121003」の検査数字が合いません（正しくは 121002 ではありませんか）`);
    expect(result.stdout).toContain(`${file}:4: 「長生村」の団体コードが空です`);
    expect(result.stdout).toContain(`${file}:6: 「鎌ケ谷市」（122246）がファイル内で重複しています`);
    expect(result.stdout).toContain(`${file}:9:`);
    const list = await runCli(["bodies", "list"], env);
    expect(list.stdout).toContain("鎌ヶ谷市");
    expect(list.stdout).toMatch(/123226\s+酒々井町\s+town/);
    expect(list.stdout).toContain("北千葉広域水道企業団");
  });

  it("re-importing the corrected spelling updates instead of duplicating", async () => {
    const file = join(dir, "fix.csv");
    writeFileSync(file, "code,name,kind\n122246,鎌ケ谷市,city\n");
    const result = await runCli(["bodies", "import", file], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("更新 1件");
  });

  it("adds a person, a seat and an enrolment code", async () => {
    expect(
      (await runCli(["people", "add", "kimura", "木村 三郎", "--body", "１２１００２", "--email", "kimura@example.jp"], env)).code,
    ).toBe(0);
    expect((await runCli(["organs", "create", "ai-wg", "AI議事録WG", "--kind", "WG"], env)).code).toBe(0);
    const seat = await runCli(["seats", "assign", "AI議事録WG", "千葉市", "--rep", "kimura", "--role", "chair"], env);
    expect(seat.stdout).toContain("AI議事録WGに千葉市の席を設定しました");
    const seats = await runCli(["seats", "list", "ai-wg"], env);
    expect(seats.stdout).toMatch(/千葉市\s+kimura\s+chair/);
    const code = await runCli(["enrol", "kimura"], env);
    expect(code.stdout).toMatch(/登録コード: [A-Z2-9]{4}-[A-Z2-9]{4}/);
  });

  it("explains a representative who is not staff of the body, and a bad e-mail", async () => {
    const seat = await runCli(["seats", "assign", "ai-wg", "鎌ケ谷市", "--rep", "kimura"], env);
    expect(seat.code).toBe(1);
    expect(seat.stderr).toContain("その団体の担当者である必要があります");
    const person = await runCli(["people", "add", "bad", "Bad", "--email", "not-an-address"], env);
    expect(person.code).toBe(1);
    expect(person.stderr).toContain("「email」の値が正しくありません");
  });

  it("has help on every command", async () => {
    const result = await runCli(["seats", "alternate", "--help"], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("--until <date>");
  });
});

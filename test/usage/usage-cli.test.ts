// The secretariat's command line for usage and money, run as a user would: a large CSV with mistakes
// (progress on stderr, file:line reports), exports as CSV (UTF-8 with BOM, Shift_JIS) and XLSX with the
// same numbers as the text, a chart PNG, a cost share from a YAML spec and a settlement preview.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../support/run-command.ts";
import { tempDatabaseUrl } from "../support/test-kyodo.ts";

const { dir, databaseUrl } = tempDatabaseUrl();
const env = { DATABASE_URL: databaseUrl, KYODO_COUNCIL: "chiba" };
const file = (name: string) => join(dir, name);
beforeAll(async () => {
  // The demo council comes with its usage figures; loading them again changes nothing.
  expect((await runCli(["demo"], env)).code).toBe(0);
  expect((await runCli(["usage", "demo"], env)).code).toBe(0);
  expect(await runCli(["usage", "systems"], env).then((r) => r.stdout)).toContain("facility-reservation");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("kyodo usage (CLI)", () => {
  it("imports a large CSV with a progress bar and reports the bad rows by line", async () => {
    const bodies = ["千葉市", "銚子市", "市川市", "船橋市", "館山市", "木更津市", "松戸市", "野田市"];
    const lines = ["system,body,period,metric,channel,value"];
    for (let i = 0; lines.length < 40_000; i++) {
      const year = 2000 + Math.floor(i / 120);
      const month = (i % 12) + 1;
      lines.push(
        `e-application,${bodies[Math.floor(i / 12) % bodies.length]},${year}-${String(month).padStart(2, "0")},applications,channel-${i % 5},${i % 97}`,
      );
    }
    lines[100] = "e-application,千葉都,2001-01,applications,,1";
    lines[2000] = "e-application,千葉市,2001-01,applications,,たくさん";
    writeFileSync(file("big.csv"), `${lines.join("\n")}\n`);
    const result = await runCli(["usage", "import", file("big.csv"), "--skip-invalid"], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("読み込み中");
    expect(result.stderr).toContain("(100%)");
    expect(result.stdout).toContain("エラー 2行");
    expect(result.stdout).toContain(`${file("big.csv")}:101: 団体「千葉都」が見つかりません / No body "千葉都"`);
    expect(result.stdout).toContain(`${file("big.csv")}:2001: 「applications」の値「たくさん」は 0 以上の数値ではありません`);
  });

  it("exports the summary as text, CSV (BOM and Shift_JIS) and XLSX with the same numbers, and a chart PNG", async () => {
    const text = await runCli(["usage", "summary", "facility-reservation", "平成29年度", "--chart", file("chart.png")], env);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("予約登録数: 926,404件");
    expect(readFileSync(file("chart.png")).subarray(1, 4).toString()).toBe("PNG");
    expect(
      (await runCli(["usage", "summary", "facility-reservation", "平成29年度", "--format", "csv", "--out", file("u.csv")], env)).code,
    ).toBe(0);
    const utf8 = readFileSync(file("u.csv"));
    expect([...utf8.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(utf8.toString("utf8")).toContain("予約登録数,926404");
    await runCli(
      ["usage", "summary", "facility-reservation", "FY2017", "--format", "csv", "--encoding", "sjis", "--out", file("u-sjis.csv")],
      env,
    );
    expect(iconv.decode(readFileSync(file("u-sjis.csv")), "Shift_JIS")).toContain("袖ケ浦市,48014");
    await runCli(["usage", "summary", "facility-reservation", "FY2017", "--format", "xlsx", "--out", file("u.xlsx")], env);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file("u.xlsx"));
    const totals = book.getWorksheet("合計")!;
    const row = totals.getRows(2, totals.rowCount - 1)!.find((r) => r.getCell(3).value === "予約登録数")!;
    expect(row.getCell(4).value).toBe(926404);
  });
});

describe("kyodo shares / settlement (CLI)", () => {
  it("computes a share from a YAML spec and exports it", async () => {
    writeFileSync(
      file("share.yaml"),
      [
        "title: AI議事録 令和8年度 運用費",
        "fiscalYear: 令和8年度",
        "total: 7,020,000",
        "participants: [千葉市, 銚子市, 市川市, 酒々井町, 長生村]",
        "mix:",
        "  - { percent: 30, method: equal }",
        "  - { percent: 70, method: population, year: 2016 }",
        "rounding: { unit: 1000, rule: largest_remainder }",
      ].join("\n"),
    );
    const result = await runCli(["shares", "compute", file("share.yaml"), "--format", "csv", "--out", file("share.csv")], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("按分4を記録しました: 総額 7,020,000円、5団体");
    const csv = readFileSync(file("share.csv"), "utf8");
    expect(csv).toContain("合計,7020000");
    expect(csv).toContain("均等割30%");
    const bad = await runCli(["shares", "compute", file("share.yaml").replace("share", "nope")], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("を読めません");
  });

  it("previews a settlement without recording it", async () => {
    const spec = readFileSync(new URL("../../src/demo/usage-money/chiba-fy2017-e-procurement-settlement.yaml", import.meta.url), "utf8");
    writeFileSync(file("settlement.yaml"), spec);
    const result = await runCli(["settlement", "create", file("settlement.yaml"), "--dry-run"], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("確認のみ");
    expect(result.stdout).toContain("差引額: 9,458,641円（平成30年度へ繰り越して返還）");
    expect(result.stdout).toMatch(/北千葉広域水道企業団\s+[\d,]+\s+[\d,]+/);
    expect((await runCli(["settlement", "list"], env)).stdout.trim().split("\n")).toHaveLength(2);
  });
});

// `npm run kyodo -- candidates …` as the secretariat runs it: propose a candidate, enter bodies' replies
// that came on paper, read the board, the card and the history, change the rule, shortlist, start the
// ranking survey, form the WG, and export the board as CSV (UTF-8 with BOM, Shift_JIS) and XLSX.
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../support/run-command.ts";
import { startTestKyodo } from "../support/test-kyodo.ts";

let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  // A database with the demo council, left on disk for the CLI to open.
  const kyodo = await startTestKyodo({}, { http: false });
  dir = kyodo.dir;
  env = { DATABASE_URL: kyodo.databaseUrl };
  await kyodo.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = async (...args: string[]) => {
  const result = await runCli(["candidates", ...args], env);
  if (result.code !== 0) throw new Error(`candidates ${args.join(" ")} failed (${result.code}): ${result.stderr}`);
  return result.stdout;
};

describe("candidates CLI", () => {
  it("proposes candidates with their fields", async () => {
    expect(
      await cli(
        "propose",
        "AI議事録作成システム",
        "--category",
        "業務効率化",
        "--product",
        "ProVoXT（アドバンスト・メディア）",
        "--cost",
        "年額 約702万円",
        "--link",
        "https://www.pref.kumamoto.jp/",
        "--as",
        "yamada",
      ),
    ).toContain("案件1 AI議事録作成システム を登録しました。");
    expect(await cli("propose", "電子契約システム")).toContain("案件2 電子契約システム を登録しました。");
    const duplicate = await runCli(["candidates", "propose", "ＡＩ議事録作成システム"], env);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain("同じ名称の案件がすでにあります（案件1 AI議事録作成システム）。");
  });

  it("enters replies on paper, refusing an unknown level", async () => {
    expect(await cli("interest", "1", "千葉市", "次年度導入予定", "--note", "予算要求中")).toContain(
      "千葉市: 案件1 AI議事録作成システム — 次年度導入予定",
    );
    expect(await cli("interest", "1", "銚子市", "翌々年度導入予定")).toContain("→ あと12団体");
    await cli("interest", "1", "鎌ヶ谷市", "関心あり");
    await cli("interest", "1", "千葉市", "関心あり");
    const bad = await runCli(["candidates", "interest", "1", "千葉市", "たぶん"], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("「たぶん」は関心度として読めません。");
  });

  it("shows the board, a card and the history", async () => {
    const list = await cli("list");
    expect(list).toContain("共同調達の候補案件（会員56団体）");
    expect(list).toMatch(/1\s+AI議事録作成システム\s+0\s+1\s+2\s+0\s+0\s+53\s+1\/14\s+募集中/);
    const show = await cli("show", "AI議事録");
    expect(show).toContain("製品・事業者: ProVoXT（アドバンスト・メディア）");
    expect(show).toMatch(/関心あり\s+2\s+千葉市、鎌ケ谷市/);
    expect(show).toContain("導入意向 1団体 ／ 必要 14団体（会員56団体 × 1/4 = 14）→ あと13団体");
    const history = await cli("history", "1", "--body", "千葉市");
    expect(history).toMatch(/千葉市\s+関心あり\s+.*cli\s+○/);
    expect(history).toMatch(/千葉市\s+次年度導入予定\s+.*予算要求中.*cli\s*\n/);
  });

  it("changes the rule: counting 関心あり and a share of 1/28 shortlists candidate 1 at once", async () => {
    const out = await cli("rule", "--threshold", "1/28", "--levels", "次年度導入予定,翌々年度導入予定,関心あり");
    expect(out).toContain("選定基準を変更しました: 会員団体の1/28以上が導入意向（次年度導入予定・翌々年度導入予定・関心あり）");
    expect(out).toContain("新しい基準で選定された案件: 案件1");
    expect(out).toContain("会員56団体 × 1/28 → 2団体以上");
  });

  it("shortlists by hand, starts the ranking survey and forms the WG", async () => {
    expect(await cli("shortlist", "2", "--reason", "政策的に重要")).toContain("案件2 電子契約システム を選定しました。");
    const due = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    expect(await cli("ranking", "--due", due, "--points", "3,1")).toMatch(
      /調査1 .*共同調達案件の順位付け（第2段階）.*を開始しました。56団体/,
    );
    const results = await cli("ranking");
    expect(results).toMatch(/順位\s+案件\s+得点\s+1位（3点）\s+2位（1点）/);
    const wg = await cli("wg", "1", "--slug", "ai-minutes-wg");
    expect(wg).toContain("AI議事録作成システムWG（ai-minutes-wg）: 3団体を追加しました。");
    expect(wg).toMatch(/千葉市\s+sato/);
  });

  it("exports the board as CSV (UTF-8 with BOM, or Shift_JIS) and XLSX", async () => {
    const csv = join(dir, "board.csv");
    expect(await cli("export", "--out", csv)).toContain("2件の案件を書き出しました");
    const bytes = readFileSync(csv);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString("utf8").split("\r\n");
    expect(lines[0]).toBe(
      "案件番号,案件名,分類,製品・事業者,概算費用,状態,次年度導入予定,翌々年度導入予定,関心あり,情報収集,予定なし,未回答,導入意向計,必要団体数,判定,WG,リンク,登録日",
    );
    expect(lines[1]).toMatch(
      /^1,AI議事録作成システム,業務効率化,ProVoXT（アドバンスト・メディア）,年額 約702万円,選定済み,0,1,2,0,0,53,3,2,基準を満たす,AI議事録作成システムWG,https:\/\/www.pref.kumamoto.jp\//,
    );
    const sjis = join(dir, "bodies.csv");
    await cli("export", "--out", sjis, "--table", "bodies", "--encoding", "sjis");
    const text = iconv.decode(readFileSync(sjis), "cp932");
    expect(text.split("\r\n")[0]).toBe("案件番号,案件名,団体コード,団体名,関心度,目標年度,メモ,登録日時");
    expect(text).toContain("1,AI議事録作成システム,121002,千葉市,関心あり,,,");
    expect(text.split("\r\n").filter((l) => l.startsWith("1,"))).toHaveLength(56);
    const xlsx = join(dir, "board.xlsx");
    await cli("export", "--out", xlsx, "--format", "xlsx");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsx);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(["案件一覧", "団体別", "推移", "履歴"]);
    expect(workbook.getWorksheet("案件一覧")!.getRow(2).getCell(9).value).toBe(2);
    expect(workbook.getWorksheet("履歴")!.rowCount).toBe(1 + 4);
  });
});

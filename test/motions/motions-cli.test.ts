// The secretariat's command line for ballots, run as a user would: create the 総会 書面表決 from the
// example file, see a mistake in a file named by line and field, follow turnout, amend a motion, move
// the deadline, close, read the results and export the per-seat record.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DateTime } from "luxon";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../support/run-command.ts";
import { tempDatabaseUrl } from "../support/test-kyodo.ts";

const { dir, databaseUrl } = tempDatabaseUrl();
const env = { DATABASE_URL: databaseUrl, KYODO_COUNCIL: "chiba" };
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const inDays = (days: number) => DateTime.now().setZone("Asia/Tokyo").plus({ days }).toFormat("yyyy-MM-dd");

describe("ballot CLI", () => {
  it("creates the 総会 書面表決 from the example file", async () => {
    expect((await runCli(["demo"], env)).code).toBe(0);
    const created = await runCli(
      ["ballot", "create", "scripts/examples/ballot-sokai-2017.yaml", "--deadline", `${inDays(10)} 17:00`, "--as", "yamada"],
      env,
    );
    expect(created.stderr).toBe("");
    expect(created.stdout).toContain("「表決1 平成29年度第2回総会（書面表決）」を作成しました（総会、56席、議案4件、期限");
  });

  it("names the file, line and field of each mistake", async () => {
    const file = join(dir, "broken.yaml");
    writeFileSync(
      file,
      [
        "title: 幹事会メール審議",
        "organ: 存在しない会議体",
        "deadline: 来週",
        "rules:",
        "  threshold: 過半数",
        "motions:",
        "  - title: 議案その1",
        "    recused: [千葉市]",
        "",
      ].join("\n"),
    );
    const result = await runCli(["ballot", "create", file], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("broken.yaml:5 rules.threshold:");
    const fixed = readFileSync(file, "utf8").replace("  threshold: 過半数\n", "");
    writeFileSync(file, fixed);
    const lookup = await runCli(["ballot", "create", file], env);
    expect(lookup.stderr).toContain("broken.yaml:3 deadline:");
    writeFileSync(file, fixed.replace("deadline: 来週", `deadline: ${inDays(5)}`));
    expect((await runCli(["ballot", "create", file], env)).stderr).toContain("broken.yaml:2 organ:");
  });

  it("refuses in a dry run what creating would refuse: a past deadline, duplicate motion numbers, an empty title, an unknown organ", async () => {
    const file = join(dir, "mistakes.yaml");
    writeFileSync(
      file,
      [
        "title: '  '",
        "organ: 存在しない会議体",
        "deadline: 2020-01-10",
        "motions:",
        "  - number: 1",
        "    title: 予算",
        "  - number: 1",
        "    title: 規約",
        "",
      ].join("\n"),
    );
    const result = await runCli(["ballot", "create", file, "--dry-run"], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("mistakes.yaml:1 title: 表決の件名は1〜200文字で入力してください。");
    expect(result.stderr).toContain("mistakes.yaml:2 organ: 「存在しない会議体」という会議体は見つかりません。");
    expect(result.stderr).toContain("mistakes.yaml:3 deadline: 期限が過去の日時です。");
    expect(result.stderr).toContain("mistakes.yaml:7 motions[2].number: 同じ議案番号が2回使われています。");
    expect(result.stderr).toContain("The deadline is in the past.");
    const valid = await runCli(
      ["ballot", "create", "scripts/examples/ballot-sokai-2017.yaml", "--deadline", `${inDays(3)} 17:00`, "--dry-run"],
      env,
    );
    expect(valid.stdout).toContain("ballot-sokai-2017.yaml は正しく書かれています（総会、議案4件");
  });

  it("follows turnout, amends a motion, moves the deadline, closes and exports", async () => {
    const turnout = await runCli(["ballot", "turnout", "1"], env);
    expect(turnout.stdout).toContain("表決1 平成29年度第2回総会（書面表決）: 全議案に表決した席 0/56");
    expect(turnout.stdout).toMatch(/120006\s+千葉県\s+山田 花子\s+1,2,3,4/);

    const edited = await runCli(
      ["motion", "edit", "1", "議案2", "--text", "別紙2（修正版）のとおり決定することについて承認を求める。", "--as", "yamada"],
      env,
    );
    expect(edited.stdout).toContain("議案2 平成30年度ちば電子申請システム利用負担金額（案）の決定について を修正しました（第2版）");

    const extended = await runCli(["ballot", "extend", "1", `${inDays(20)} 12:00`], env);
    expect(extended.stdout).toContain(`の期限を ${DateTime.fromISO(inDays(20)).toFormat("yyyy年M月d日")}`);

    const closed = await runCli(["ballot", "close", "1", "--as", "yamada"], env);
    expect(closed.stdout).toContain("「表決1 平成29年度第2回総会（書面表決）」を締め切りました");
    expect(closed.stdout).toContain("議案1 平成30年度ちば電子調達システム利用負担金額（案）の決定について: 不成立（定足数不足）");
    expect((await runCli(["ballot", "close", "1"], env)).stderr).toContain("表決1は締め切られています");

    const results = await runCli(["ballot", "results", "1"], env);
    expect(results.stdout).toMatch(/議案4 .*\s+0\s+0\s+0\s+0\s+0\/56\s+不成立/);

    const out = join(dir, "ballot-1.xlsx");
    const exported = await runCli(["ballot", "export", "1", "--format", "xlsx", "--out", out], env);
    expect(exported.stdout).toContain("56席 × 議案4件");
    expect(readFileSync(out).subarray(0, 2).toString()).toBe("PK");
  });
});

// `npm run kyodo -- survey …` as the secretariat runs it: a bad definition file is refused with its
// lines, the example is validated and created, progress is shown, and the results are exported.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../support/run-command.ts";
import { startTestKyodo } from "../support/test-kyodo.ts";
import { EXAMPLE } from "./support/surveys.ts";

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

describe("survey CLI", () => {
  it("refuses a bad definition, naming the file, line and field of every mistake", async () => {
    const bad = join(dir, "bad.yaml");
    writeFileSync(
      bad,
      readFileSync(EXAMPLE, "utf8")
        .replace("    min: 1\n", "    min: one\n")
        .replace("audience: all ", "audience: { bodies: [千葉市, 偽市] } ")
        .replace("when: { question: join, equals: 参加する }", "when: { question: join, equals: 参加 }"),
    );
    const result = await runCli(["survey", "create", bad], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`調査の定義「${bad}」に誤りが1件あります`);
    expect(result.stderr).toMatch(
      new RegExp(
        `${bad}:44: questions\\[2\\]\\.min: 無効な入力: 数値が期待されましたが、stringが入力されました / Invalid input: expected number, received string`,
      ),
    );
    // Fixing that reveals the next layer: the condition, then the audience.
    writeFileSync(bad, readFileSync(bad, "utf8").replace("    min: one\n", "    min: 1\n"));
    const second = await runCli(["survey", "create", bad], env);
    expect(second.stderr).toContain(
      `${bad}:46: questions[2].when.equals: 「参加」は質問「join」の選択肢にありません（選択肢: 参加する、検討中、参加しない）`,
    );
    writeFileSync(bad, readFileSync(bad, "utf8").replace("equals: 参加 }", "equals: 参加する }"));
    const third = await runCli(["survey", "create", bad, "--dry-run"], env);
    expect(third.code).toBe(1);
    expect(third.stderr).toContain(`${bad}:23: audience.bodies[2]: 「偽市」という団体は見つかりません。`);
  });

  it("validates, creates, shows progress and exports the example", async () => {
    const dry = await runCli(["survey", "create", EXAMPLE, "--dry-run"], env);
    expect(dry.stdout).toContain("は正しい定義です（質問 8問、対象 56団体、期限 2027年1月29日(金) 17:00）");
    const created = await runCli(["survey", "create", EXAMPLE], env);
    expect(created.code).toBe(0);
    expect(created.stdout).toContain(
      "調査1 AI議事録作成システム 参加意向調査（令和9年度） を作成しました（対象 56団体、期限 2027年1月29日(金) 17:00、リマインド 4回）",
    );
    const status = await runCli(["survey", "status", "1"], env);
    expect(status.stdout).toContain("回答 0/56団体");
    expect(status.stdout).toContain("未回答 56団体 / 56 bodies not answered: 千葉県、千葉市、");

    const xlsx = join(dir, "results.xlsx");
    const exported = await runCli(["survey", "export", "1", "--format", "xlsx", "--out", xlsx], env);
    expect(exported.stdout).toContain(`${xlsx} に書き出しました（回答 0/56団体）`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsx);
    expect(workbook.getWorksheet("回答一覧")!.rowCount).toBe(57);
    const csv = join(dir, "results.csv");
    expect((await runCli(["survey", "export", "1", "--encoding", "sjis", "--out", csv], env)).code).toBe(0);
    expect(readFileSync(csv).subarray(0, 2)).not.toEqual(Buffer.from([0xef, 0xbb]));
    const wrong = await runCli(["survey", "export", "1", "--format", "pdf", "--out", csv], env);
    expect(wrong.stderr).toContain("出力形式「pdf」には対応していません。csv か xlsx を指定してください。");
  });
});

// Exports read back and compared with the tallies the chat shows: CSV in UTF-8 with a BOM, CSV in
// Shift_JIS for older Excel (with the characters it cannot hold reported), and XLSX with the answers,
// the tallies and the history of every submission.
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findPerson } from "../../src/domain/people/find-person.ts";
import { exportSurvey } from "../../src/domain/surveys/export-survey.ts";
import { submitAnswers } from "../../src/domain/surveys/submit-answers.ts";
import { bodyAnswersOf, surveyStatus } from "../../src/domain/surveys/survey-status.ts";
import { tallySurvey, type QuestionTally } from "../../src/domain/surveys/tally.ts";
import type { Answers } from "../../src/domain/surveys/survey-types.ts";
import type { TestKyodo } from "../support/test-kyodo.ts";
import { createFromYaml, startSurveyKyodo, ZONE, type Clock } from "./support/surveys.ts";

let kyodo: TestKyodo;
let clock: Clock;
let surveyId: string;
let tallies: QuestionTally[];

const join = (licences: number, ranking: string[], comment: string | null): Answers => ({
  join: "join",
  licences,
  start: "2027-04-01",
  options: { minutes: ["consulting", "training"], transcription: ["dictionary"] },
  uses: ["council", "committee"],
  wg: "yes",
  "next-candidates": ranking,
  comment,
});

// Who answers for which body; suzuki's answer for 千葉市 replaces sato's.
const ANSWERS: Array<[string, string, Answers]> = [
  ["sato", "千葉市", join(10, ["e-contract", "document"], "早期導入を希望")],
  ["suzuki", "千葉市", join(12, ["e-contract", "document"], "「議会」で使う予定です。\n庁内会議は再来年度から, 順次")],
  ["takahashi", "銚子市", join(3, ["document", "e-contract"], "𠮷田課長が担当します")],
  ["tanaka", "我孫子市", { join: "undecided", uses: ["internal"], wg: "no", "next-candidates": ["childcare", "rpa"], comment: null }],
  ["watanabe", "鎌ケ谷市", { join: "decline", "next-candidates": null, comment: null }],
  ["smith", "市川市", join(5, ["e-contract", "rpa"], null)],
];

beforeAll(async () => {
  ({ kyodo, clock } = await startSurveyKyodo());
  surveyId = (await createFromYaml(kyodo, clock.now)).survey.id;
  for (const [handle, bodyName, answers] of ANSWERS) {
    clock.now = new Date(clock.now.getTime() + 60_000);
    const person = await findPerson(kyodo.db, kyodo.council.id, handle);
    const body = await kyodo.db.body.findFirstOrThrow({ where: { name: bodyName } });
    await submitAnswers(kyodo.db, { surveyId, personId: person.id, bodyId: body.id, answers, via: "console" }, clock.now);
  }
  const status = await surveyStatus(kyodo.db, surveyId);
  tallies = tallySurvey(status.questions, bodyAnswersOf(status));
});
afterAll(async () => {
  await kyodo.dispose();
});

type Row = Record<string, string>;
const column = (rows: Row[], header: string) => rows.map((r) => r[header] ?? "");
const marks = (rows: Row[], header: string) => column(rows, header).filter((v) => v === "○").length;

function choiceCount(id: string, label: string): number {
  const tally = tallies.find((t) => t.question.id === id)!;
  if (tally.type !== "choice") throw new Error("choice expected");
  return tally.counts.find((c) => c.option.label === label)!.count;
}

function checkAgainstTallies(rows: Row[]) {
  expect(rows).toHaveLength(56);
  expect(column(rows, "回答状況").filter((v) => v === "回答済").length).toBe(5);
  const chibaCity = rows.find((r) => r["団体名"] === "千葉市")!;
  expect(chibaCity["団体コード"]).toBe("121002");
  expect(chibaCity["回答者"]).toBe("鈴木 次郎");
  // Single choice: counting the labels in the column gives the chat's count.
  for (const label of ["参加する", "検討中", "参加しない"])
    expect(column(rows, "問1 参加意向").filter((v) => v === label).length).toBe(choiceCount("join", label));
  // Multiple choice: one ○ column per option.
  for (const label of ["議会", "庁内会議", "審議会・委員会", "窓口・聞き取り"])
    expect(marks(rows, `問5 利用場面：${label}`)).toBe(choiceCount("uses", label));
  // Numbers add up to the tally's total.
  const licences = tallies.find((t) => t.question.id === "licences")!;
  expect(column(rows, "問2 ライセンス数（ライセンス）").reduce((sum, v) => sum + Number(v || 0), 0)).toBe(
    licences.type === "number" ? Number(licences.sum) : NaN,
  );
  // Ranking: points computed from the 1位 / 2位 columns equal the tally's totals.
  const ranking = tallies.find((t) => t.question.id === "next-candidates")!;
  if (ranking.type !== "ranking") throw new Error("ranking expected");
  for (const item of ranking.ranked) {
    const points =
      2 * column(rows, "問7 次期候補：1位（2点）").filter((v) => v === item.option.label).length +
      column(rows, "問7 次期候補：2位（1点）").filter((v) => v === item.option.label).length;
    expect(points, item.option.label).toBe(item.points);
  }
  // Option matrix: one ○ column per service and option.
  const matrix = tallies.find((t) => t.question.id === "options")!;
  if (matrix.type !== "matrix") throw new Error("matrix expected");
  for (const row of matrix.rows)
    for (const c of row.counts) expect(marks(rows, `問4 オプション：${row.row.label}：${c.option.label}`)).toBe(c.count);
  // Questions that did not apply are blank.
  expect(rows.find((r) => r["団体名"] === "鎌ケ谷市")!["問2 ライセンス数（ライセンス）"]).toBe("");
}

describe("survey exports", () => {
  it("the tallies themselves: 参加する 3 of 5, ranking points with a tie for third", () => {
    expect(choiceCount("join", "参加する")).toBe(3);
    const ranking = tallies.find((t) => t.question.id === "next-candidates")!;
    if (ranking.type !== "ranking") throw new Error("ranking expected");
    expect(ranking.ranked.map((r) => [r.option.label, r.points, r.place])).toEqual([
      ["電子契約", 5, 1],
      ["文書管理・電子決裁", 3, 2],
      ["子育てアプリ", 2, 3],
      ["RPA", 2, 3],
    ]);
    expect(ranking.ties.map((g) => g.map((r) => r.option.label))).toEqual([["子育てアプリ", "RPA"]]);
  });

  it("CSV in UTF-8 starts with a BOM, has Japanese headers and one row per body, and matches the tallies", async () => {
    const { buffer, lost } = await exportSurvey(kyodo.db, surveyId, { format: "csv", encoding: "utf8", zone: ZONE });
    expect([...buffer.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(lost).toEqual([]);
    const text = buffer.subarray(3).toString("utf8");
    expect(text.split("\r\n")[0]).toMatch(
      /^団体コード,団体名,回答状況,回答者,回答日時,受付番号,問1 参加意向,問2 ライセンス数（ライセンス）,問3 利用開始希望日,/,
    );
    const rows = parse<Row>(text, { columns: true });
    checkAgainstTallies(rows);
    // Quotes, commas and line breaks in free text survive.
    expect(rows.find((r) => r["団体名"] === "千葉市")!["問8 意見"]).toBe("「議会」で使う予定です。\n庁内会議は再来年度から, 順次");
  });

  it("CSV in Shift_JIS reads back the same, and reports which line lost which characters", async () => {
    const { buffer, lost } = await exportSurvey(kyodo.db, surveyId, { format: "csv", encoding: "sjis", zone: ZONE });
    expect(buffer[0]).not.toBe(0xef);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.characters).toEqual(["𠮷"]);
    const lines = iconv.decode(buffer, "cp932").split("\r\n");
    expect(lines[lost[0]!.line - 1]).toContain("?田課長が担当します");
    const rows = parse<Row>(iconv.decode(buffer, "cp932"), { columns: true });
    checkAgainstTallies(rows);
    expect(rows.find((r) => r["団体名"] === "銚子市")!["問8 意見"]).toBe("?田課長が担当します");
  });

  it("XLSX has the answers (numbers as numbers), the tallies and the full history", async () => {
    const { buffer } = await exportSurvey(kyodo.db, surveyId, { format: "xlsx", zone: ZONE });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(["回答一覧", "集計", "回答履歴"]);
    // A cell as text: strings, numbers and dates as they print; an empty cell as "".
    const cellText = (v: unknown) =>
      typeof v === "string" || typeof v === "number" || v instanceof Date
        ? String(v)
        : v === undefined || v === null
          ? ""
          : JSON.stringify(v);
    const sheetRows = (name: string) => {
      const values: unknown[][] = [];
      workbook.getWorksheet(name)!.eachRow((row) => values.push((row.values as unknown[]).slice(1)));
      return values;
    };
    const [header, ...body] = sheetRows("回答一覧");
    const rows = body.map((r) => Object.fromEntries((header as string[]).map((h, i) => [h, cellText(r[i])])));
    checkAgainstTallies(rows);
    const licenceColumn = (header as string[]).indexOf("問2 ライセンス数（ライセンス）");
    expect(typeof body.find((r) => r[1] === "千葉市")![licenceColumn]).toBe("number");

    const summary = sheetRows("集計");
    expect(summary).toContainEqual(["問1", "令和9年度の共同調達に参加しますか。", "参加する", 3, 60]);
    expect(summary.some((r) => String(r[2]).startsWith("同点: 子育てアプリ・RPA（各2点）"))).toBe(true);

    const history = sheetRows("回答履歴");
    expect(history).toHaveLength(1 + ANSWERS.length);
    expect(history.filter((r) => r[1] === "千葉市").map((r) => [r[2], r[6]])).toEqual([
      ["佐藤 一郎", "以前の回答"],
      ["鈴木 次郎", "有効（最新）"],
    ]);
  });
});

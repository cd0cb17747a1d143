import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { formatIssue, readSurveyDefinition, SurveyDefinitionError } from "./read-definition.ts";

const EXAMPLE = fileURLToPath(new URL("../../../scripts/examples/survey-ai-minutes.yaml", import.meta.url));
const NOW = new Date("2026-11-24T00:00:00Z");
const read = (text: string, file = "survey.yaml") => readSurveyDefinition(text, file, "Asia/Tokyo", NOW);

function problems(text: string, file = "survey.yaml"): string[] {
  try {
    read(text, file);
  } catch (error) {
    if (error instanceof SurveyDefinitionError) return error.issues.map((i) => formatIssue(file, i));
    throw error;
  }
  throw new Error("expected the definition to be refused");
}

const minimal = (questions: string, extra = "") => `title: テスト調査\ndueAt: 2026-12-25\n${extra}questions:\n${questions}`;

describe("reading a survey definition", () => {
  it("reads the example file with every question kind", () => {
    const { definition } = read(readFileSync(EXAMPLE, "utf8"));
    expect(definition.title).toBe("AI議事録作成システム 参加意向調査（令和9年度）");
    expect(definition.fiscalYear).toBe(2027);
    expect(definition.series).toBe("ai-minutes");
    // 令和9年1月29日 17:00 in Tokyo
    expect(definition.dueAt.toISOString()).toBe("2027-01-29T08:00:00.000Z");
    expect(definition.questions.map((q) => q.kind)).toEqual(["single", "number", "date", "matrix", "multi", "yesno", "ranking", "text"]);
    // A condition written with the option's label is stored with its value.
    expect(definition.questions[1]!.when).toEqual({ question: "join", anyOf: ["join"] });
    const ranking = definition.questions.find((q) => q.kind === "ranking");
    expect(ranking).toMatchObject({ top: 2, points: [2, 1], required: false });
  });

  it("defaults: plain-string options, generated ids, required questions, Osaka points, end of day", () => {
    const { definition } = read(
      minimal(
        "  - kind: single\n    text: 参加しますか\n    options: [参加する, 参加しない]\n  - kind: ranking\n    text: 順位\n    top: 3\n    options: [A, B, C, D]\n",
      ),
    );
    expect(definition.questions[0]).toMatchObject({
      id: "q1",
      required: true,
      options: [
        { value: "参加する", label: "参加する" },
        { value: "参加しない", label: "参加しない" },
      ],
    });
    expect(definition.questions[1]).toMatchObject({ id: "q2", points: [3, 2, 1] });
    expect(definition.dueAt.toISOString()).toBe("2026-12-25T14:59:00.000Z");
    expect(definition.audience).toEqual({ kind: "all" });
  });

  it("reads JSON too, with line numbers", () => {
    const good = JSON.stringify(
      {
        title: "x",
        dueAt: "2026-12-25",
        questions: [
          { kind: "yesno", text: "q" },
          { kind: "number", text: "n", min: 1 },
        ],
      },
      null,
      2,
    );
    expect(read(good, "s.json").definition.questions).toHaveLength(2);
    const bad = good.replace('"min": 1', '"min": "one"');
    expect(problems(bad, "s.json")).toEqual([
      "s.json:12: questions[2].min: 無効な入力: 数値が期待されましたが、stringが入力されました / Invalid input: expected number, received string",
    ]);
  });

  it("names the file, the line and the field of each mistake, and says what is expected", () => {
    const text = [
      "title: テスト調査", // 1
      "dueAt: 2026-12-25", // 2
      "questions:", // 3
      "  - id: join", // 4
      "    kind: single", // 5
      "    text: 参加しますか", // 6
      "    options: [参加する]", // 7
      "  - id: count", // 8
      "    kind: number", // 9
      "    text: 数", // 10
      "    min: one", // 11
      "    requierd: false", // 12
      "  - id: other", // 13
      "    kind: numbr", // 14
      "    text: x", // 15
    ].join("\n");
    const found = problems(text);
    expect(found).toContain("survey.yaml:7: questions[1].options: 選択肢を2つ以上指定してください / give at least 2 options");
    expect(found.find((p) => p.startsWith("survey.yaml:11: questions[2].min:"))).toMatch(
      /数値.*\/ Invalid input: expected number, received string/,
    );
    expect(found).toContain('survey.yaml:12: questions[2].requierd: 認識されていないキー: "requierd" / Unrecognized key: "requierd"');
    expect(found.find((p) => p.startsWith("survey.yaml:14: questions[3].kind:"))).toContain(
      "single, multi, yesno, number, text, date, ranking, matrix",
    );
  });

  it("reports a missing field where its parent is", () => {
    expect(problems("title: x\nquestions:\n  - kind: yesno\n    text: q\n")).toEqual([
      "survey.yaml:1: dueAt: この項目は必須です / this field is required",
    ]);
  });

  it("checks conditions, option values, ranking points and dates", () => {
    const text = minimal(
      [
        "  - id: join",
        "    kind: single",
        "    text: 参加しますか",
        "    options: [参加する, 参加しない, 参加する]",
        "  - id: n",
        "    kind: number",
        "    text: 数",
        "    when: { question: join, equals: 参加 }",
        "  - id: r",
        "    kind: ranking",
        "    text: 順位",
        "    top: 2",
        "    points: [2, 1, 0]",
        "    minRanked: 3",
        "    options: [A, B]",
        "  - id: c",
        "    kind: text",
        "    text: c",
        "    when: { question: later, equals: x }",
        "",
      ].join("\n"),
      "fiscalYear: 令和百年度\n",
    );
    const found = problems(text);
    expect(found.some((p) => p.includes("questions[1].options[3]: 選択肢「参加する」が重複しています"))).toBe(true);
    // 「参加」 is the beginning of two options: a condition must name one exactly.
    expect(found.some((p) => p.includes("questions[2].when.equals: 「参加」は質問「join」の選択肢にありません"))).toBe(true);
    expect(found.some((p) => p.includes("questions[3].points: points の数（3）を top（2）と同じにしてください"))).toBe(true);
    expect(found.some((p) => p.includes("questions[3].minRanked: 順位付けの最少の順位数（3）が top（2）を超えています"))).toBe(true);
    expect(found.some((p) => p.includes("questions[4].when.question: 条件の質問「later」がこの質問より前にありません"))).toBe(true);
    expect(found.some((p) => p.includes("fiscalYear: 年度「令和百年度」を読めません"))).toBe(true);
  });

  it("refuses a deadline in the past and a YAML syntax error, with their lines", () => {
    expect(problems("title: x\ndueAt: 平成29年11月1日\nquestions:\n  - { kind: yesno, text: q }\n")).toEqual([
      "survey.yaml:2: dueAt: 回答期限が過去の日時です / the deadline is in the past",
    ]);
    const syntax = problems("title: x\nquestions: [\n  - a\n");
    expect(syntax[0]).toMatch(/^survey\.yaml:\d+: \(file\): YAML／JSON の書き方に誤りがあります/);
  });
});

// A question kind is one module: this test defines a kind of its own (a 1–N star rating) right here,
// registers it, and shows it working end to end — read from a definition file, asked and answered in the
// console conversation (buttons by number, typed stars, a refusal), counted, shown in the results and
// exported — without any other file knowing about it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { exportSurvey } from "../../src/domain/surveys/export-survey.ts";
import { defineKind } from "../../src/domain/surveys/kinds/kind.ts";
import { registerKind, unregisterKind } from "../../src/domain/surveys/kinds/index.ts";
import { navAction, optionAction } from "../../src/domain/surveys/kinds/shared.ts";
import { bodyAnswersOf, surveyStatus } from "../../src/domain/surveys/survey-status.ts";
import type { QuestionBase } from "../../src/domain/surveys/survey-types.ts";
import { tallySurvey } from "../../src/domain/surveys/tally.ts";
import type { ConsoleSession } from "../support/console-session.ts";
import type { TestKyodo } from "../support/test-kyodo.ts";
import { createFromYaml, linkedSession, startSurveyKyodo, type Clock } from "./support/surveys.ts";

type StarsQuestion = QuestionBase & { kind: "stars"; max: number };

const starOptions = (q: StarsQuestion) =>
  Array.from({ length: q.max }, (_, i) => ({ value: String(i + 1), label: "★".repeat(i + 1), labelEn: `${i + 1} star${i ? "s" : ""}` }));

const stars = defineKind<StarsQuestion>()({
  kind: "stars",
  fields: { max: z.number().int().min(2).max(10).default(5) },
  normalize: (input, common) => ({ ...common, kind: "stars", max: input.max }),
  options: starOptions,
  problem: (q, value) =>
    typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= q.max
      ? undefined
      : { key: "surveys.answer.notAnOption" },
  choices: (q, position) => [
    ...starOptions(q).map((option) => ({ action: optionAction(position, option.value), option })),
    { action: navAction(position, "back"), nav: "back" as const },
  ],
  press: (_q, _position, _answers, value) => ({ type: "answer", value: Number(value) }),
  readTyped: (q, _position, _answers, text) => {
    const typed = text.trim();
    return /^★+$/.test(typed) && typed.length <= q.max
      ? { type: "answer", value: typed.length }
      : { type: "problem", key: "surveys.answer.notAnOption" };
  },
  format: (q, value) => "★".repeat(Number(value)) + "☆".repeat(q.max - Number(value)),
  tally: (_q, answered) => ({
    type: "stars",
    average: answered.length ? answered.reduce((sum, a) => sum + Number(a.value), 0) / answered.length : undefined,
  }),
  columns: (_q, heading) => [{ header: `${heading}（星）`, cell: (v) => (typeof v === "number" ? v : "") }],
  tallyRows: (tally, lead) => [[...lead, "平均", tally.average ?? "", ""]],
  hint: (q, _position, p) => (p.locale === "ja" ? `星の数（1〜${q.max}）を選んでください。` : `Pick 1 to ${q.max} stars.`),
  tallyBlocks: (tally) => [{ type: "text", text: `平均 ★${tally.average ?? "—"}` }],
});

const YAML = `
title: 研修の満足度
dueAt: 2027-01-29
questions:
  - id: rating
    kind: stars
    short: 満足度
    text: 研修の満足度を教えてください。
    max: 4
  - id: comment
    kind: text
    text: ご意見
    required: false
`;

let kyodo: TestKyodo;
let clock: Clock;
let surveyId: string;

beforeAll(async () => {
  registerKind(stars);
  ({ kyodo, clock } = await startSurveyKyodo());
});
afterAll(async () => {
  unregisterKind("stars");
  await kyodo.dispose();
});

describe("a question kind defined in a test", () => {
  it("is read from a definition file with its own fields, and its own limits are checked", async () => {
    await expect(createFromYaml(kyodo, clock.now, YAML.replace("max: 4", "max: 40"), "stars.yaml")).rejects.toMatchObject({
      issues: [{ path: ["questions", 0, "max"], line: 9 }],
    });
    surveyId = (await createFromYaml(kyodo, clock.now, YAML, "stars.yaml")).survey.id;
    const status = await surveyStatus(kyodo.db, surveyId);
    expect(status.questions[0]).toMatchObject({ id: "rating", kind: "stars", max: 4, required: true });
  });

  it("is asked and answered in the console: its hint and buttons, a refusal, typed stars, the summary and the receipt", async () => {
    const sato: ConsoleSession = await linkedSession(kyodo, "sato");
    await sato.say("回答");
    const question = await sato.say("1");
    expect(question).toContain("研修の満足度を教えてください。");
    expect(question).toContain("星の数（1〜4）を選んでください。");
    expect(question).toMatch(/1\) ★\n\s+2\) ★★\n\s+3\) ★★★\n\s+4\) ★★★★/);
    expect(await sato.say("とても良い")).toContain("選択肢");
    const comment = await sato.say("★★★");
    expect(comment).toContain("ご意見");
    const summary = await sato.say("スキップ");
    expect(summary).toContain("問1 満足度: ★★★☆");
    expect(await sato.say("確定")).toContain("【回答を受け付けました】");
    const chiba = (await surveyStatus(kyodo.db, surveyId)).rows.find((r) => r.body.name === "千葉市")!;
    expect(chiba.submission?.answers).toEqual({ rating: 3, comment: null });
    await sato.close();
  });

  it("is counted, shown in the results and exported by its own module", async () => {
    const status = await surveyStatus(kyodo.db, surveyId);
    const [rating] = tallySurvey(status.questions, bodyAnswersOf(status));
    expect(rating).toMatchObject({ type: "stars", average: 3, answered: 1 });
    const yamada = await linkedSession(kyodo, "yamada");
    expect(await yamada.say("survey 1 results")).toContain("平均 ★3");
    const { buffer } = await exportSurvey(kyodo.db, surveyId, { format: "csv", encoding: "utf8", zone: "Asia/Tokyo" });
    const csv = buffer.toString("utf8");
    expect(csv).toContain("問1 満足度（星）");
    expect(csv.split("\n").find((line) => line.includes("千葉市"))).toMatch(/,3,/);
  });
});

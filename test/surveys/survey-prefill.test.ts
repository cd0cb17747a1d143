// Next year's survey of the same series starts from the body's answer to last year's: the staff member
// confirms or changes it. Answers that no longer fit (an option dropped this year) are asked again,
// new questions are asked, and a body that did not answer last year starts blank.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findPerson } from "../../src/domain/people/find-person.ts";
import { submitAnswers } from "../../src/domain/surveys/submit-answers.ts";
import type { ConsoleSession } from "../support/console-session.ts";
import type { TestKyodo } from "../support/test-kyodo.ts";
import { createFromYaml, EXAMPLE, linkedSession, startSurveyKyodo, type Clock } from "./support/surveys.ts";

let kyodo: TestKyodo;
let clock: Clock;
let nextYearId: string;
const chats: Record<string, ConsoleSession> = {};

const lastYear = {
  join: "join",
  licences: 15,
  start: "2027-04-01",
  options: { minutes: ["consulting"], transcription: [] },
  uses: ["council"],
  wg: "yes",
  "next-candidates": ["rpa", "document"],
  comment: "継続して利用したい",
};

beforeAll(async () => {
  ({ kyodo, clock } = await startSurveyKyodo());
  // Linked now: enrolment codes are valid for 72 hours, and the test then moves a year on.
  for (const handle of ["suzuki", "takahashi"]) chats[handle] = await linkedSession(kyodo, handle);
  const first = await createFromYaml(kyodo, clock.now);
  const sato = await findPerson(kyodo.db, kyodo.council.id, "sato");
  const chibaCity = await kyodo.db.body.findFirstOrThrow({ where: { name: "千葉市" } });
  await submitAnswers(
    kyodo.db,
    { surveyId: first.survey.id, personId: sato.id, bodyId: chibaCity.id, answers: lastYear, via: "console" },
    clock.now,
  );

  // A year later: the same series for FY2028, RPA is no longer a candidate, and one question is new.
  clock.now = new Date("2027-11-24T01:00:00Z");
  const yaml = readFileSync(EXAMPLE, "utf8")
    .replace("title: AI議事録作成システム 参加意向調査（令和9年度）", "title: AI議事録作成システム 参加意向調査（令和10年度）")
    .replace("fiscalYear: 令和9年度", "fiscalYear: 令和10年度")
    .replace("dueAt: 令和9年1月29日 17:00", "dueAt: 令和10年1月28日 17:00")
    .replace("      - { value: rpa, label: RPA, labelEn: RPA }\n", "")
    .concat("\n  - id: budget\n    kind: yesno\n    text: 令和10年度予算に計上済みですか。\n");
  nextYearId = (await createFromYaml(kyodo, clock.now, yaml)).survey.id;
});
afterAll(async () => {
  for (const chat of Object.values(chats)) await chat.close();
  await kyodo.dispose();
});

describe("prefill from last year's survey of the same series", () => {
  it("a colleague starts from the body's answer last year and is asked only what changed", async () => {
    const suzuki = chats.suzuki!;
    const start = await suzuki.say("回答 2");
    expect(start).toContain("前回の調査（調査1 AI議事録作成システム 参加意向調査（令和9年度））の回答を下書きにしました。");
    // Last year's ranking named RPA, which is gone: the ranking is asked again.
    expect(start).toContain("問7（全9問・任意） 次に共同調達を希望するシステムを");
    expect(await suzuki.say("2,1")).toContain("問9（全9問・必須） 令和10年度予算に計上済みですか。");
    const summary = await suzuki.say("はい");
    expect(summary).toContain("問2 ライセンス数: 15ライセンス");
    expect(summary).toContain("問4 オプション: AI議事録作成: 導入コンサル／音声文字起こし: なし");
    expect(summary).toContain("問7 次期候補: 1位 文書管理・電子決裁、2位 電子契約");
    expect(summary).toContain("問8 意見: 継続して利用したい");
    expect(await suzuki.say("確定")).toContain("回答を受け付けました");
    const current = await kyodo.db.surveySubmission.findFirstOrThrow({ where: { surveyId: nextYearId, current: true } });
    expect(JSON.parse(current.answers)).toEqual({ ...lastYear, "next-candidates": ["document", "e-contract"], budget: "yes" });
  });

  it("a body that did not answer last year starts blank", async () => {
    const takahashi = chats.takahashi!;
    const start = await takahashi.say("回答 2");
    expect(start).not.toContain("下書きにしました");
    expect(start).toContain("問1（全9問・必須）");
  });
});

// Answering a participation survey through the real console channel: every question kind, typed
// answers in full width, buttons by number, going back, leaving halfway and resuming, the summary, the
// receipt; then a colleague of the same body answers again and the latest confirmed answer counts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { surveyHistory, surveyStatus } from "../../src/domain/surveys/survey-status.ts";
import type { ConsoleSession } from "../support/console-session.ts";
import type { TestKyodo } from "../support/test-kyodo.ts";
import { createFromYaml, linkedSession, startSurveyKyodo, type Clock } from "./support/surveys.ts";

let kyodo: TestKyodo;
let clock: Clock;
let surveyId: string;

beforeAll(async () => {
  ({ kyodo, clock } = await startSurveyKyodo());
  surveyId = (await createFromYaml(kyodo, clock.now)).survey.id;
});
afterAll(async () => {
  await kyodo.dispose();
});

async function chiba() {
  const status = await surveyStatus(kyodo.db, surveyId);
  return status.rows.find((r) => r.body.name === "千葉市")!;
}

describe("answering a survey in the console", () => {
  let sato: ConsoleSession;

  it("lists the open survey for the body, with its status, and starts from the button", async () => {
    sato = await linkedSession(kyodo, "sato");
    const list = await sato.say("回答");
    expect(list).toContain("調査1 AI議事録作成システム 参加意向調査（令和9年度）（期限 2027年1月29日(金) 17:00・受付中）");
    expect(list).toContain("・千葉市: 未回答");
    expect(list).toContain("1) 調査1に回答");
    const intro = await sato.say("1");
    expect(intro).toContain("団体: 千葉市");
    expect(intro).toContain("質問数: 8");
    expect(intro).toContain("問1（全8問・必須） 令和9年度の共同調達に参加しますか。");
    expect(intro).toMatch(/1\) 参加する\n\s+2\) 検討中\n\s+3\) 参加しない/);
  });

  it("single choice by full-width number, then a number with its unit, refusing one out of range", async () => {
    const q2 = await sato.say("１");
    expect(q2).toContain("問2（全8問・必須） 必要なライセンス数を教えてください。");
    expect(q2).toContain("数値で答えてください（1〜200ライセンス）");
    expect(await sato.say("300")).toContain("200以下の数値で答えてください。");
    expect(await sato.say("１２ライセンス")).toContain("問3（全8問・必須） 利用開始の希望日を教えてください。");
  });

  it("a date in the Japanese era, then the option matrix row by row", async () => {
    const row1 = await sato.say("令和９年４月１日");
    expect(row1).toContain("問4（全8問・必須） 希望するオプションを選んでください");
    expect(row1).toContain("「AI議事録作成」で希望するオプションをすべて選び");
    expect(row1).toContain("1) ☐ 導入コンサル");
    expect(await sato.say("1")).toContain("1) ☑ 導入コンサル");
    expect(await sato.say("2")).toMatch(/1\) ☑ 導入コンサル\n\s+2\) ☑ 操作研修/);
    const row2 = await sato.say("決定");
    expect(row2).toContain("「音声文字起こし」で希望するオプション");
    expect(await sato.say("3")).toContain("3) ☑ 専門用語辞書");
    expect(await sato.say("決定")).toContain("問5（全8問・必須） 主な利用場面を選んでください（複数可）。");
  });

  it("multiple choice typed as a list, going back keeps what was chosen, yes/no typed", async () => {
    expect(await sato.say("1，2")).toContain("問6（全8問・必須） 導入検討のWG");
    const back = await sato.say("戻る");
    expect(back).toContain("問5");
    expect(back).toMatch(/1\) ☑ 議会\n\s+2\) ☑ 庁内会議\n\s+3\) ☐ 審議会・委員会/);
    expect(await sato.say("決定")).toContain("問6");
    expect(await sato.say("たぶん")).toContain("「はい」か「いいえ」（または 1 / 2）で答えてください。");
    expect(await sato.say("はい")).toContain("問7（全8問・任意） 次に共同調達を希望するシステムを、1位と2位まで選んでください。");
  });

  it("ranking: first by number, second by name from those left", async () => {
    const second = await sato.say("2");
    expect(second).toContain("選択済み: 1位 文書管理・電子決裁");
    expect(second).toMatch(/1\) 電子契約\n\s+2\) 子育てアプリ\n\s+3\) RPA/);
    expect(await sato.say("電子契約")).toContain("問8（全8問・任意） ご意見・ご要望があればお書きください。");
  });

  it("leaving halfway and coming back (in a new conversation) resumes at the same question", async () => {
    await sato.close();
    sato = await linkedSession(kyodo, "sato");
    const resumed = await sato.say("/kyodo 回答 1");
    expect(resumed).toContain("前回の続きから再開します（7/8問 回答済み）");
    expect(resumed).toContain("問8（全8問・任意）");
    const summary = await sato.say("早期導入を希望します。");
    expect(summary).toContain("【回答内容の確認】");
    expect(summary).toContain("問1 参加意向: 参加する");
    expect(summary).toContain("問2 ライセンス数: 12ライセンス");
    expect(summary).toContain("問3 利用開始希望日: 令和9年4月1日（2027-04-01）");
    expect(summary).toContain("問4 オプション: AI議事録作成: 導入コンサル・操作研修／音声文字起こし: 専門用語辞書");
    expect(summary).toContain("問7 次期候補: 1位 文書管理・電子決裁、2位 電子契約");
    expect(summary).toContain("この内容で 千葉市 の回答として確定しますか。");
  });

  it("changes one answer from the summary, then confirms and gets a receipt", async () => {
    const list = await sato.say("修正");
    expect(list).toContain("どの質問を修正しますか。");
    const q2 = await sato.say("2");
    expect(q2).toContain("現在の回答: 12ライセンス");
    expect(await sato.say("15")).toContain("問2 ライセンス数: 15ライセンス");
    const receipt = await sato.say("確定");
    expect(receipt).toContain("【回答を受け付けました】");
    expect(receipt).toContain("団体: 千葉市");
    expect(receipt).toContain("回答者: 佐藤 一郎");
    expect(receipt).toContain("受付日時: 2026年11月24日(火) 10:00");
    expect(receipt).toMatch(/受付番号: 1-[A-Z2-9]{6}/);
    const row = await chiba();
    expect(row.submission?.answers).toEqual({
      join: "join",
      licences: 15,
      start: "2027-04-01",
      options: { minutes: ["consulting", "training"], transcription: ["dictionary"] },
      uses: ["council", "internal"],
      wg: "yes",
      "next-candidates": ["document", "e-contract"],
      comment: "早期導入を希望します。",
    });
    // The flow is over: text is a command again.
    expect(await sato.say("回答")).toContain("・千葉市: 回答済み（佐藤 一郎、2026年11月24日(火) 10:00");
    await sato.close();
  });

  it("a colleague sees who answered, changes the body's answer, and the latest confirmed answer counts", async () => {
    clock.now = new Date("2026-11-25T02:30:00Z");
    const suzuki = await linkedSession(kyodo, "suzuki");
    expect(await suzuki.say("回答")).toContain("・千葉市: 回答済み（佐藤 一郎、2026年11月24日(火) 10:00");
    const start = await suzuki.say("回答 1");
    expect(start).toContain("この調査には 佐藤 一郎 さんが 2026年11月24日(火) 10:00 に団体として回答済みです");
    expect(start).toContain("現在の団体の回答を下書きにしました。");
    // Everything is answered already: straight to the summary.
    expect(start).toContain("問2 ライセンス数: 15ライセンス");
    await suzuki.say("修正");
    expect(await suzuki.say("1")).toContain("現在の回答: 参加する");
    const summary = await suzuki.say("参加しない");
    // Questions that no longer apply disappear from the summary.
    expect(summary).not.toContain("ライセンス数");
    expect(summary).toContain("問1 参加意向: 参加しない");
    const receipt = await suzuki.say("1");
    expect(receipt).toContain("回答者: 鈴木 次郎");
    expect(receipt).toMatch(/以前の回答（佐藤 一郎、2026年11月24日\(火\) 10:00、受付番号 1-[A-Z2-9]{6}）は履歴として残ります。/);
    await suzuki.close();

    const row = await chiba();
    expect(row.submission?.personName).toBe("鈴木 次郎");
    expect(row.submission?.answers).toEqual({
      join: "decline",
      "next-candidates": ["document", "e-contract"],
      comment: "早期導入を希望します。",
    });
    const history = await surveyHistory(kyodo.db, surveyId, row.body.id);
    expect(history.map((h) => [h.personName, h.current])).toEqual([
      ["佐藤 一郎", false],
      ["鈴木 次郎", true],
    ]);
    expect((await surveyStatus(kyodo.db, surveyId)).answered).toHaveLength(1);
  });

  it("an English-speaking member answers in English with English words", async () => {
    const smith = await linkedSession(kyodo, "smith");
    const intro = await smith.say("answer 1");
    expect(intro).toContain("Survey 1 Participation survey — AI minutes system (FY2027)");
    expect(intro).toContain("Q1 (of 8, required) Will your body join the joint procurement in FY2027?");
    expect(await smith.say("undecided")).toContain("Q5 (of 8, required) Where will it mainly be used?");
    expect(await smith.say("Assembly, Committees")).toContain("Q6 (of 8, required)");
    expect(await smith.say("no")).toContain("Q7 (of 8, optional)");
    expect(await smith.say("skip")).toContain("Q8 (of 8, optional)");
    const summary = await smith.say("skip");
    expect(summary).toContain("Q5 Where will it mainly be used? (Choose all that apply.): Assembly, Committees");
    expect(summary).toContain("Confirm these as the answers of 市川市?");
    const receipt = await smith.say("confirm");
    expect(receipt).toContain("Answer received");
    expect(receipt).toContain("Received at: 2026-11-25 (Wed) 11:30");
    // Answered: the survey leaves their body's list of surveys waiting for an answer.
    expect(await smith.say("home")).not.toContain("/kyodo answer 1");
    await smith.close();
  });

  it("the secretariat sees live progress with the bodies not yet answered, and the results", async () => {
    const yamada = await linkedSession(kyodo, "yamada");
    const status = await yamada.say("survey 1 status");
    expect(status).toMatch(/回答済み █░+ 2\/56 \(4%\)/);
    expect(status).toMatch(/未回答の団体（54）: 千葉県、銚子市、/);
    expect(status).not.toMatch(/未回答の団体.*千葉市、/);
    const results = await yamada.say("survey 1 results");
    expect(results).toContain("問1 令和9年度の共同調達に参加しますか。（回答 2団体）");
    expect(results).toMatch(/検討中\s+1\s+50%/);
    expect(results).toMatch(/参加しない\s+1\s+50%/);
    expect(results).toMatch(/1\s+文書管理・電子決裁\s+2\s+1\s+0/);
    expect(results).toContain("配点: 1位=2点、2位=1点");
    expect(results).toMatch(/千葉市\s+早期導入を希望します。/);
    const table = await yamada.say("survey 1 table");
    expect(table).toMatch(/市川市\s+検討中/);
    // Members cannot see other bodies' progress.
    const tanaka = await linkedSession(kyodo, "tanaka");
    expect(await tanaka.say("survey 1 status")).toContain("権限がありません");
    const home = await tanaka.say("home");
    expect(home).toContain("■ 未回答の調査");
    expect(home).toContain("→ /kyodo 回答 1");
    expect(await yamada.say("home")).toContain("・調査1 AI議事録作成システム 参加意向調査（令和9年度）: 2/56団体");
    await yamada.close();
    await tanaka.close();
  });
});

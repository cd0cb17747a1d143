// The secretariat creates a simple survey in chat for the seats of an organ; a body on the organ answers
// it, a body not on it is told the survey is not addressed to it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestKyodo } from "../support/test-kyodo.ts";
import { linkedSession, startSurveyKyodo } from "./support/surveys.ts";

let kyodo: TestKyodo;

beforeAll(async () => {
  ({ kyodo } = await startSurveyKyodo());
});
afterAll(async () => {
  await kyodo.dispose();
});

describe("creating a survey in chat", () => {
  it("members cannot; the secretariat builds one question by question and opens it for 幹事会", async () => {
    const tanaka = await linkedSession(kyodo, "tanaka");
    expect(await tanaka.say("survey new")).toContain("権限がありません");
    await tanaka.close();

    const yamada = await linkedSession(kyodo, "yamada");
    expect(await yamada.say("survey new")).toContain("調査の件名を入力してください");
    const kind = await yamada.say("電子契約システム 参加意向（簡易）");
    expect(kind).toContain("問1の種類を選んでください。");
    expect(kind).toMatch(/1\) はい／いいえ\n\s+2\) 選択（1つ）/);
    expect(await yamada.say("1")).toContain("質問文を入力してください");
    expect(await yamada.say("令和9年度の共同調達に参加しますか")).toContain("問2の種類を選んでください。");
    await yamada.say("選択（1つ）");
    expect(await yamada.say("利用開始の時期")).toContain("選択肢を「、」かカンマで区切って2つ以上");
    expect(await yamada.say("令和9年度")).toContain("選択肢を「、」かカンマで区切って2つ以上");
    const more = await yamada.say("令和9年度、令和10年度、未定");
    expect(more).toContain("7) 質問の追加を終える");
    const audience = await yamada.say("7");
    expect(audience).toContain("回答を求める団体を選んでください。");
    expect(await yamada.say("2")).toContain("幹事会");
    expect(await yamada.say("幹事会")).toContain("回答期限を入力してください");
    expect(await yamada.say("昨日")).toContain("期限を読めないか、過去の日時です。");
    const summary = await yamada.say("令和8年12月18日");
    expect(summary).toContain("件名: 電子契約システム 参加意向（簡易）");
    expect(summary).toContain("対象: 幹事会");
    expect(summary).toContain("期限: 2026年12月18日(金) 23:59");
    expect(summary).toContain("2. 利用開始の時期（選択（1つ）: 令和9年度、令和10年度、未定）");
    expect(await yamada.say("1")).toContain(
      "調査1「電子契約システム 参加意向（簡易）」を開始しました（対象 13団体、期限 2026年12月18日(金) 23:59）",
    );
    await yamada.close();
  });

  it("a body on the organ answers it; a body not on it cannot", async () => {
    const takahashi = await linkedSession(kyodo, "takahashi");
    expect(await takahashi.say("回答 1")).toContain("問1（全2問・必須） 令和9年度の共同調達に参加しますか");
    expect(await takahashi.say("はい")).toContain("問2（全2問・必須） 利用開始の時期");
    expect(await takahashi.say("令和10年度")).toContain("問2 利用開始の時期: 令和10年度");
    expect(await takahashi.say("確定")).toContain("回答を受け付けました");
    await takahashi.close();

    const watanabe = await linkedSession(kyodo, "watanabe");
    expect(await watanabe.say("回答 1")).toContain("はあなたの団体あての調査ではありません。");
    expect(await watanabe.say("回答")).toContain("現在、回答を受け付けている調査はありません。");
    await watanabe.close();
  });
});

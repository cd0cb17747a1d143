// Transcripts through the console channel: a person enrols with a code, asks for help, changes
// language with a numbered choice, and gets clear answers to mistakes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConsoleSession } from "./support/console-session.ts";
import { startTestKyodo, type TestKyodo } from "./support/test-kyodo.ts";

let kyodo: TestKyodo;

beforeAll(async () => {
  kyodo = await startTestKyodo({}, { http: false });
});
afterAll(async () => {
  await kyodo.dispose();
});

describe("console transcript", () => {
  it("an unlinked person is told how to link, and cannot use member commands", async () => {
    const chat = new ConsoleSession(kyodo.engine, "stranger");
    expect(await chat.say("help")).toContain("/kyodo link 登録コード");
    expect(await chat.say("me")).toContain("まだ Kyodo に連携されていません");
    await chat.close();
  });

  it("enrols with a one-time code typed in full-width, then sees their registration", async () => {
    const code = await kyodo.codeFor("takahashi");
    const chat = new ConsoleSession(kyodo.engine, "u-takahashi");
    const fullWidth = code.replace(/[A-Z0-9-]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    expect(await chat.say(`/kyodo link ${fullWidth}`)).toContain("高橋 美咲 さんとして登録されています");
    const me = await chat.say("me");
    expect(me).toContain("所属団体: 銚子市");
    expect(me).toContain("総会（銚子市）");
    // The code works once only.
    const other = new ConsoleSession(kyodo.engine, "u-someone-else");
    expect(await other.say(`/kyodo link ${code}`)).toContain("使用済み");
    await chat.close();
    await other.close();
  });

  it("link without a code asks for it, and three wrong codes end the attempt", async () => {
    const chat = new ConsoleSession(kyodo.engine, "u-guesser");
    expect(await chat.say("link")).toContain("登録コード（例: ABCD-2345）を送ってください");
    expect(await chat.say("AAAA-AAAA")).toContain("もう一度登録コードを送ってください");
    expect(await chat.say("BBBB-BBBB")).toContain("もう一度");
    expect(await chat.say("CCCC-CCCC")).toContain("3回続けて正しくありませんでした");
    // The flow is over: text is no longer an answer, and someone unlinked is told how to link.
    expect(await chat.say("DDDD-DDDD")).toContain("まだ Kyodo に連携されていません");
    await chat.close();
  });

  it("changes language with a numbered choice and answers in English afterwards", async () => {
    const code = await kyodo.codeFor("tanaka");
    const chat = new ConsoleSession(kyodo.engine, "u-tanaka");
    await chat.say(`link ${code}`);
    const question = await chat.say("言語");
    expect(question).toContain("1) 日本語");
    expect(question).toContain("2) English");
    expect(await chat.say("２")).toBe("Kyodo will now answer you in English.");
    expect(await chat.say("help")).toContain("Hello 田中 健");
    expect(await chat.say("/kyodo nonsense")).toContain('There is no command "nonsense"');
    expect(await chat.say("lang ja")).toContain("日本語にしました");
    await chat.close();
    // Both changes are in the audit log, from and to.
    const changes = await kyodo.db.auditEntry.findMany({ where: { action: "people.locale" }, orderBy: { seq: "asc" } });
    expect(changes.map((e) => JSON.parse(e.payload) as unknown)).toEqual([
      { from: "ja", to: "en" },
      { from: "en", to: "ja" },
    ]);
  });

  it("a wrong choice is answered, not guessed, and cancel leaves the flow", async () => {
    const code = await kyodo.codeFor("watanabe");
    const chat = new ConsoleSession(kyodo.engine, "u-watanabe");
    await chat.say(`link ${code}`);
    await chat.say("lang");
    expect(await chat.say("français")).toContain("選べる言語ではありません");
    expect(await chat.say("キャンセル")).toBe("入力を中止しました。");
    expect(await chat.say("bodies 鎌ヶ谷")).toContain("122246");
    await chat.close();
  });
});

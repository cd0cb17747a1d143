// Replies as mail clients shape them: only what the person wrote above the quote and signature is read.
import { describe, expect, it } from "vitest";
import { extractReplyText } from "./extract-reply-text.ts";

const read = (body: string) => extractReplyText(body).text;

describe("extractReplyText", () => {
  it("keeps a plain answer as it is", () => {
    expect(read("議案1：賛成\n議案2：反対\n")).toBe("議案1：賛成\n議案2：反対");
    expect(extractReplyText("全議案賛成").trimmed).toBe(false);
  });

  it("drops Gmail's attribution and quoted lines (Japanese attribution wrapped on two lines)", () => {
    const body =
      "全議案賛成です。\n\n2026年11月24日(火) 10:00 共同 事務局 <\nkyodo@kyodo.example.jp>:\n\n> 議案2 反対の場合は…\n> 議案1 …\n";
    expect(read(body)).toBe("全議案賛成です。");
  });

  it("drops an English attribution", () => {
    expect(read("All motions: for\n\nOn Tue, Nov 24, 2026 at 10:00 AM Kyodo <kyodo@kyodo.example.jp> wrote:\n> Motion 2 against\n")).toBe(
      "All motions: for",
    );
  });

  it("drops Outlook's original message block, in Japanese and English", () => {
    const ja =
      "異議ありません。\n\n________________________________\n差出人: 共同 事務局 <kyodo@kyodo.example.jp>\n送信日時: 2026年11月24日 10:00\n宛先: 佐藤 一郎\n件名: 【表決のお願い】\n\n議案2：反対\n";
    expect(read(ja)).toBe("異議ありません。");
    const en = "Motion 1: for\n\n-----Original Message-----\nFrom: Kyodo\nSent: Tuesday\nTo: Smith\nSubject: Ballot\nMotion 2: against";
    expect(read(en)).toBe("Motion 1: for");
    const noRule =
      "承認します\n\nFrom: Kyodo <kyodo@kyodo.example.jp>\nSent: Tuesday, November 24, 2026 10:00 AM\nTo: sato\nSubject: x\n議案2 反対";
    expect(read(noRule)).toBe("承認します");
  });

  it("drops Thunderbird's and iPhone's attributions and the phone's signature", () => {
    expect(read("議案1 賛成\n議案2 賛成\n\n2026/11/24 10:00 に 共同 事務局 さんは書きました:\n> 議案1\n")).toBe("議案1 賛成\n議案2 賛成");
    expect(read("全議案賛成\n\niPhoneから送信\n\n2026/11/24 10:00、共同 事務局 <kyodo@kyodo.example.jp>のメール:\n\n> 議案\n")).toBe(
      "全議案賛成",
    );
    expect(read("All for\n\nSent from my iPhone\n")).toBe("All for");
  });

  it("drops signatures after a ruled line or '-- '", () => {
    const body =
      "議案1：賛成\n議案2：賛成\n\n--------------------------------\n千葉市 総務局 情報経営部\n佐藤 一郎\nTEL 043-245-5000\n--------------------------------\n";
    expect(read(body)).toBe("議案1：賛成\n議案2：賛成");
    expect(read("賛成\n-- \nJohn Smith\nIchikawa City, ext. 1234\n")).toBe("賛成");
    expect(read("賛成します\n＝＝＝＝＝＝＝＝\n我孫子市 田中\n")).toBe("賛成します");
  });

  it("keeps answers written below quoted motions (inline replies)", () => {
    expect(read("> ■ 議案1 会則の改正について\n賛成\n> ■ 議案2 予算について\n反対\n")).toBe("賛成\n\n反対".replace("\n\n", "\n"));
  });

  it("returns nothing when only quoted text is left", () => {
    expect(read("> 議案1：賛成\n> 議案2：反対\n")).toBe("");
  });
});

// The neutral list is the whole of what the vote reader lets stand next to an answer: what is on it, and
// that the words which negate, condition or hedge are not.
import { describe, expect, it } from "vitest";
import { isNeutral, qualifiedSentences } from "./vote-text-residue.ts";

describe("isNeutral", () => {
  it.each([
    "",
    "です",
    "します。",
    "いたします",
    "させていただきます",
    "は",
    "について、",
    "お疲れ様です。",
    "よろしくお願いいたします",
    "私は",
    "原案どおり",
    "i vote",
    "thanks, ",
    "(",
    "ただし",
  ])("「%s」 is neutral", (words) => expect(isNeutral(words)).toBe(true));

  it.each([
    "とは言えません",
    "は困難です",
    "に至らない",
    "が難しい",
    "できる状況にない",
    "とても",
    "わけではない",
    "概ね",
    "修正されれば",
    "かもしれません",
    "と思います",
    "ない",
    "ず",
    "ぬ",
    "かねる",
    "if amended",
    "not",
    "unless",
    "probably",
  ])("「%s」 is not", (words) => expect(isNeutral(words)).toBe(false));

  it("reads greedily without going back, so a long unlisted run is refused at once", () => {
    expect(isNeutral("では".repeat(50_000) + "ない")).toBe(false);
    expect(isNeutral("です".repeat(50_000))).toBe(true);
  });
});

describe("qualifiedSentences", () => {
  const span = (text: string, word: string, from = 0) => ({ start: text.indexOf(word, from), end: text.indexOf(word, from) + word.length });

  it("names the sentences with words left over, by their number between breaks", () => {
    const text = "賛成です。概ね賛成\n千葉市の佐藤です";
    const understood = [span(text, "賛成"), span(text, "賛成", 5)];
    const breaks = [span(text, "。"), span(text, "\n")];
    expect([...qualifiedSentences(text, understood, breaks)]).toEqual([[1, "概ね賛成"]]);
  });

  it("lets a self-introduction stand only as a sentence of its own", () => {
    expect(qualifiedSentences("総務課の田中です", [], []).size).toBe(0);
    expect(qualifiedSentences("一部保留です", [], []).size).toBe(1);
  });
});

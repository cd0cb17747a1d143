import { describe, expect, it } from "vitest";
import { nameKey, normalizeInput, splitWords } from "./normalize.ts";

describe("input normalization", () => {
  it("folds full-width digits, letters and spaces", () => {
    expect(normalizeInput("　ＨＥＬＰ　１２ ")).toBe("HELP 12");
    expect(normalizeInput("ｻﾝｾｲ")).toBe("サンセイ");
  });
  it("matches name variants", () => {
    expect(nameKey("鎌ヶ谷市")).toBe(nameKey("鎌ケ谷市"));
    expect(nameKey("袖ケ浦市")).toBe(nameKey("袖ヶ浦市"));
    expect(nameKey("千葉 市")).toBe(nameKey("千葉市"));
    expect(nameKey("千葉市")).not.toBe(nameKey("千葉県"));
  });
  it("splits on any kind of space", () => {
    expect(splitWords("/kyodo　link　ABCD-2345")).toEqual(["/kyodo", "link", "ABCD-2345"]);
    expect(splitWords("   ")).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { cleanFields, fieldFromText, parseField } from "./candidate-fields.ts";

describe("candidate fields", () => {
  it("tidies what people type: lists split on 、 and commas, links checked", () => {
    expect(
      cleanFields({
        name: "  AI議事録作成システム ",
        products: fieldFromText("products", "ProVoXT（アドバンスト・メディア）、AmiVoice,ProVoXT（アドバンスト・メディア）"),
        links: fieldFromText("links", "https://www.pref.kumamoto.jp/ https://example.jp/a"),
      }),
    ).toEqual({
      name: "AI議事録作成システム",
      category: "",
      description: "",
      products: ["ProVoXT（アドバンスト・メディア）", "AmiVoice"],
      roughCost: "",
      links: ["https://www.pref.kumamoto.jp/", "https://example.jp/a"],
    });
  });

  it("refuses an empty name, a link that is not http(s), and text that is too long", () => {
    expect(() => cleanFields({ name: " " })).toThrow(/nameRequired/);
    expect(() => cleanFields({ name: "x", links: ["javascript:alert(1)"] })).toThrow(/badLink/);
    expect(() => cleanFields({ name: "x".repeat(201) })).toThrow(/tooLong/);
  });

  it("knows the fields by their Japanese and English names", () => {
    expect(parseField("分類")).toBe("category");
    expect(parseField("概算費用")).toBe("roughCost");
    expect(parseField("製品")).toBe("products");
    expect(parseField("ｌｉｎｋｓ")).toBe("links");
    expect(parseField("色")).toBeUndefined();
  });
});

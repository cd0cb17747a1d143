import { describe, expect, it } from "vitest";
import { checkDigitFor, kindFromName, parseBodyKind, validateLocalGovernmentCode } from "./local-government-code.ts";

describe("local government code check digit", () => {
  it.each([
    ["12000", 6], // 千葉県
    ["12100", 2], // 千葉市
    ["12202", 5], // 銚子市
    ["12222", 0], // 我孫子市
    ["13101", 6], // 千代田区 (131016)
  ])("check digit of %s", (five, digit) => {
    expect(checkDigitFor(five)).toBe(digit);
  });

  it("accepts a valid code, full-width too", () => {
    expect(validateLocalGovernmentCode("121002")).toEqual({ ok: true, code: "121002" });
    expect(validateLocalGovernmentCode("１２２０２５")).toEqual({ ok: true, code: "122025" });
  });

  it("rejects a wrong check digit and says the expected code", () => {
    expect(validateLocalGovernmentCode("121003")).toEqual({ ok: false, problem: "check_digit", expected: "121002" });
  });

  it("rejects wrong length or letters", () => {
    expect(validateLocalGovernmentCode("12100")).toMatchObject({ ok: false, problem: "format" });
    expect(validateLocalGovernmentCode("12100a")).toMatchObject({ ok: false, problem: "format" });
  });

  it("a remainder of 0 or 1 gives digit 1 or 0 (last digit of 11 or 10)", () => {
    // 00000 → sum 0 → 11 - 0 = 11 → 1 ; find a five-digit whose sum mod 11 is 1 → 10 → 0
    expect(checkDigitFor("00000")).toBe(1);
    expect(checkDigitFor("00001")).toBe(9); // sum 2 → 9
    expect(checkDigitFor("00010")).toBe(8); // sum 3 → 8
  });
});

describe("body kinds", () => {
  it("reads English and Japanese words", () => {
    expect(parseBodyKind("city")).toBe("city");
    expect(parseBodyKind("町")).toBe("town");
    expect(parseBodyKind("広域連合")).toBe("special");
    expect(parseBodyKind("ward office")).toBeUndefined();
  });
  it("guesses from the name", () => {
    expect(kindFromName("千葉県")).toBe("prefecture");
    expect(kindFromName("酒々井町")).toBe("town");
    expect(kindFromName("長生村")).toBe("village");
    expect(kindFromName("千葉県後期高齢者医療広域連合")).toBe("special");
  });
});

import { describe, expect, it } from "vitest";
import { canonicalCode, generateCode, hashCode } from "./enrolment-code.ts";

describe("enrolment codes", () => {
  it("are 8 unambiguous characters shown as XXXX-XXXX", () => {
    for (let i = 0; i < 200; i++) {
      const code = generateCode();
      expect(code).toMatch(/^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/);
    }
  });
  it("match however they are typed", () => {
    expect(canonicalCode("ａｂｃｄ－２３４５")).toBe("ABCD2345");
    expect(hashCode("abcd 2345")).toBe(hashCode("ABCD-2345"));
    expect(hashCode("ABCD-2346")).not.toBe(hashCode("ABCD-2345"));
  });
});

// The council's authentication policy over DKIM/SPF/DMARC results as mailauth reports them.
import { describe, expect, it } from "vitest";
import { aligned, policyAllows, summarizeAuth, worthReview } from "./auth-policy.ts";

type Input = Parameters<typeof summarizeAuth>[0];
const signature = (domain: string, result: string) => ({ signingDomain: domain, selector: "s1", status: { result } });
const input = (signatures: Array<ReturnType<typeof signature>>, dmarc = "none", spf = "none") =>
  ({ dkim: { results: signatures }, spf: { status: { result: spf } }, dmarc: { status: { result: dmarc } } }) as unknown as Input;

describe("summarizeAuth and policyAllows", () => {
  it("aligns a signature of the From domain or of a parent domain", () => {
    expect(aligned("city.chiba.example.jp", "city.chiba.example.jp")).toBe(true);
    expect(aligned("chiba.example.jp", "city.chiba.example.jp")).toBe(true);
    expect(aligned("example.jp", "city.chiba.example.jp")).toBe(true);
    expect(aligned("mail.example.com", "city.chiba.example.jp")).toBe(false);
    expect(aligned("jp", "city.chiba.example.jp")).toBe(false);
  });

  it("an unsigned reply passes only the record policy", () => {
    const auth = summarizeAuth(input([]), "city.chiba.example.jp");
    expect(auth.dkim).toBe("none");
    expect(policyAllows("record", auth)).toBe(true);
    expect(policyAllows("require-dkim", auth)).toBe(false);
    expect(policyAllows("require-dmarc", auth)).toBe(false);
    expect(worthReview(auth)).toBe(false);
  });

  it("a passing signature of the sender's domain satisfies require-dkim; a relay's signature does not", () => {
    expect(policyAllows("require-dkim", summarizeAuth(input([signature("city.chiba.example.jp", "pass")]), "city.chiba.example.jp"))).toBe(
      true,
    );
    const relayed = summarizeAuth(input([signature("relay.example.net", "pass")]), "city.chiba.example.jp");
    expect(relayed.dkim).toBe("none");
    expect(relayed.signatures[0]).toMatchObject({ aligned: false, result: "pass" });
    expect(policyAllows("require-dkim", relayed)).toBe(false);
  });

  it("a failing signature is recorded and flagged, and fails require-dkim", () => {
    const auth = summarizeAuth(input([signature("city.chiba.example.jp", "fail")]), "city.chiba.example.jp");
    expect(auth.dkim).toBe("fail");
    expect(worthReview(auth)).toBe(true);
    expect(policyAllows("record", auth)).toBe(true);
    expect(policyAllows("require-dkim", auth)).toBe(false);
  });

  it("a body that no longer matches its signature (reported as neutral) is a failure", () => {
    const auth = summarizeAuth(input([signature("city.chiba.example.jp", "neutral")]), "city.chiba.example.jp");
    expect(auth.dkim).toBe("fail");
    expect(worthReview(auth)).toBe(true);
  });

  it("one passing signature among failing ones counts", () => {
    const auth = summarizeAuth(
      input([signature("city.chiba.example.jp", "fail"), signature("city.chiba.example.jp", "pass")]),
      "city.chiba.example.jp",
    );
    expect(auth.dkim).toBe("pass");
  });

  it("require-dmarc follows the DMARC result", () => {
    expect(policyAllows("require-dmarc", summarizeAuth(input([], "pass", "pass"), "city.chiba.example.jp"))).toBe(true);
    expect(policyAllows("require-dmarc", summarizeAuth(input([], "fail", "softfail"), "city.chiba.example.jp"))).toBe(false);
  });
});

// Bounces and autoresponders are recognised, so Kyodo never answers them; people's replies are not.
import { describe, expect, it } from "vitest";
import { isAutomaticMail } from "./auto-reply.ts";

const signs = (headers: Record<string, unknown>, extra: { envelopeFrom?: string; subject?: string } = {}) => ({
  envelopeFrom: extra.envelopeFrom ?? "sato@city.chiba.example.jp",
  headers: new Map(Object.entries(headers)),
  subject: extra.subject ?? "Re: 【表決のお願い】表決1",
});

describe("isAutomaticMail", () => {
  it("a person's reply is not automatic", () => {
    expect(isAutomaticMail(signs({ "content-type": { value: "text/plain" } }))).toBe(false);
    expect(isAutomaticMail(signs({ "auto-submitted": "no" }))).toBe(false);
  });

  it.each([
    ["the null sender of a bounce", signs({}, { envelopeFrom: "" })],
    ["Auto-Submitted: auto-replied", signs({ "auto-submitted": "auto-replied" })],
    ["Precedence: bulk", signs({ precedence: "bulk" })],
    ["X-Autoreply", signs({ "x-autoreply": "yes" })],
    ["a delivery report", signs({ "content-type": { value: "multipart/report" } })],
    ["an out-of-office subject in Japanese", signs({}, { subject: "自動応答: 【表決のお願い】表決1" })],
    ["a 不在 notice", signs({}, { subject: "【不在のお知らせ】佐藤は11月30日まで不在です" })],
    ["Outlook's automatic reply", signs({}, { subject: "Automatic reply: Ballot 1" })],
  ])("%s is automatic", (_name, input) => {
    expect(isAutomaticMail(input)).toBe(true);
  });
});

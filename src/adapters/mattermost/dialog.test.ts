import { describe, expect, it } from "vitest";
import { translator } from "../../engine/i18n.ts";
import { buildDialog, readSubmission } from "./dialog.ts";
import { splitChars, truncateBytes } from "./limits.ts";
import type { FormBlock } from "./render-post.ts";

const t = translator("ja");
const form: FormBlock = {
  type: "form",
  formId: "f",
  title: "共同調達参加申込書",
  submitLabel: "送信",
  fields: [
    { id: "org", label: "団体", kind: "select", required: true, options: [{ label: "千葉市", value: "12100" }] },
    { id: "n", label: "人数（令和9年4月1日時点の見込み）", kind: "number", required: false },
    { id: "memo", label: "メモ", kind: "text", required: false, maxLength: 100 },
  ],
};

describe("dialogs within Mattermost's limits", () => {
  it("cut titles and labels by UTF-8 bytes, keeping the whole text where it fits", () => {
    expect(truncateBytes("共同調達参加申込書", 24)).toBe("共同調達参加申…");
    expect(Buffer.byteLength(truncateBytes("共同調達参加申込書", 24))).toBeLessThanOrEqual(24);
    expect(truncateBytes("short", 24)).toBe("short");
    const dialog = buildDialog(form, { callbackId: "c", state: "s" }, t);
    expect(dialog.title).toBe("共同調達参加申…");
    expect(dialog.introduction_text).toBe("**共同調達参加申込書**");
    expect(dialog.elements[1]).toMatchObject({
      display_name: "人数（令和9年4…",
      help_text: "人数（令和9年4月1日時点の見込み）",
      subtype: "number",
      optional: true,
    });
    expect(dialog.elements[2]).toMatchObject({ type: "text", max_length: 100 });
  });

  it("check required fields, numbers and choices of a submission", () => {
    expect(readSubmission(form, { org: "", n: "x" }, t)).toEqual({
      ok: false,
      errors: { org: "入力してください。", n: "数字で入力してください。" },
    });
    expect(readSubmission(form, { org: "99999" }, t)).toEqual({ ok: false, errors: { org: "選択肢から選んでください。" } });
    expect(readSubmission(form, { org: "12100", n: "１２", memo: null }, t)).toEqual({
      ok: true,
      values: { org: "12100", n: "１２", memo: "" },
    });
  });

  it("split long text at line breaks", () => {
    expect(splitChars("aaaa\nbbbb\ncccc", 10)).toEqual(["aaaa\nbbbb", "cccc"]);
    expect(splitChars("あ".repeat(25), 10)).toEqual(["あ".repeat(10), "あ".repeat(10), "あ".repeat(5)]);
  });
});

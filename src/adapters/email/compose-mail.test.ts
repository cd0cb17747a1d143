// How a neutral message becomes an email: subject, bodies, reply address, ids and thread, and which
// addresses the receiver takes mail for.
import { describe, expect, it } from "vitest";
import type { OutboundMessage } from "../../engine/messages.ts";
import { classifySmtpError } from "./email-adapter.ts";
import { completeMessageId, composeMail } from "./compose-mail.ts";
import { ballotReplyToken } from "./recipient.ts";
import { renderMailHtml, renderMailText } from "./render-mail.ts";

const settings = { from: "共同 事務局 <kyodo@kyodo.example.jp>", domain: "kyodo.example.jp" };
const ref = { platform: "email", workspace: "email", conversationId: "sato@city.chiba.example.jp" };
const message: OutboundMessage = {
  text: "表決をお願いします",
  blocks: [
    { type: "header", text: "表決のお願い" },
    { type: "text", text: "資料: https://example.jp/a.pdf <script>alert(1)</script>" },
    { type: "choices", actionId: "cmd", prompt: "選んでください", choices: [{ label: "表決する", value: "vote 1" }] },
    { type: "fields", fields: [{ label: "期限", value: "2026年12月25日" }] },
  ],
};

describe("composeMail", () => {
  it("derives the subject, the Message-ID (stable across retries) and the automatic-mail headers", () => {
    const mail = composeMail(ref, message, settings, "retry-key-1");
    expect(mail).toMatchObject({
      from: settings.from,
      to: "sato@city.chiba.example.jp",
      subject: "表決のお願い",
      messageId: "<kyodo.retry-key-1@kyodo.example.jp>",
    });
    expect(composeMail(ref, message, settings, "retry-key-1").messageId).toBe(mail.messageId);
    expect(mail.headers).toEqual({ "Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All" });
    expect(mail.replyTo).toBeUndefined();
  });

  it("sets the delivery's signed bounce address as the envelope sender when a bounce secret is configured", () => {
    expect(composeMail(ref, message, settings, "retry-key-1").envelope).toBeUndefined();
    const mail = composeMail(ref, message, { ...settings, bounceSecret: "0123456789abcdef" }, "retry-key-1");
    expect(mail.envelope?.to).toBe("sato@city.chiba.example.jp");
    expect(mail.envelope?.from).toMatch(/^bounce\+retry-key-1\.[0-9a-f]{16}@kyodo\.example\.jp$/);
    expect(mail.from).toBe(settings.from);
  });

  it("writes the voter's reply address and the thread from the envelope, completing Kyodo's own ids", () => {
    const mail = composeMail(
      ref,
      {
        ...message,
        mail: {
          subject: "【表決のお願い】表決1",
          replyToken: "abc",
          messageId: "kyodo.1",
          inReplyTo: "kyodo.0",
          references: ["kyodo.0", "<x@gmail.example>"],
          autoSubmitted: "auto-replied",
        },
      },
      settings,
    );
    expect(mail).toMatchObject({
      subject: "【表決のお願い】表決1",
      replyTo: "vote+abc@kyodo.example.jp",
      messageId: "<kyodo.1@kyodo.example.jp>",
      inReplyTo: "<kyodo.0@kyodo.example.jp>",
      references: ["<kyodo.0@kyodo.example.jp>", "<x@gmail.example>"],
    });
    expect(mail.headers["Auto-Submitted"]).toBe("auto-replied");
    expect(completeMessageId("<a@b>", "kyodo.example.jp")).toBe("<a@b>");
  });

  it("renders text without buttons, and HTML escaped with links", () => {
    const text = renderMailText(message);
    expect(text).toBe(
      "【表決のお願い】\n\n資料: https://example.jp/a.pdf <script>alert(1)</script>\n\n選んでください\n\n期限: 2026年12月25日\n",
    );
    expect(renderMailText({ text: "Vote received", blocks: [{ type: "header", text: "Vote received" }] })).toBe("[Vote received]\n");
    const html = renderMailHtml(message, "ja");
    expect(html).toContain('<a href="https://example.jp/a.pdf">https://example.jp/a.pdf</a>');
    expect(html).toContain("&lt;script&gt;");
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("表決する");
    expect(html).toContain('<html lang="ja">');
  });

  it("turns a table too wide for a mail window into a list", () => {
    const long = "千葉県電子自治体共同運営協議会会則の改正及び千葉県電子自治体共同運営協議会負担金取扱要領の廃止について";
    const text = renderMailText({
      text: "",
      blocks: [{ type: "table", columns: ["議案", "表決", "備考"], rows: [[`議案4 ${long}`, "賛成", ""]] }],
    });
    expect(text).toBe(`・議案4 ${long}\n    表決: 賛成\n`);
  });
});

describe("the receiver's addresses and SMTP errors", () => {
  it("takes only vote+<token>@<mail domain>", () => {
    expect(ballotReplyToken("vote+abcdefghijklmnopqrstuvwxyz@Kyodo.Example.JP", "kyodo.example.jp")).toBe("abcdefghijklmnopqrstuvwxyz");
    expect(ballotReplyToken("VOTE+x@kyodo.example.jp", "kyodo.example.jp")).toBe("x");
    expect(ballotReplyToken("kyodo@kyodo.example.jp", "kyodo.example.jp")).toBeUndefined();
    expect(ballotReplyToken("vote+x@other.example.jp", "kyodo.example.jp")).toBeUndefined();
  });

  it("retries 4xx and network failures, not 5xx", () => {
    expect(classifySmtpError({ responseCode: 451, message: "try later" }).retryable).toBe(true);
    expect(classifySmtpError({ responseCode: 550, message: "no such user" }).retryable).toBe(false);
    expect(classifySmtpError({ code: "ECONNECTION", message: "refused" }).retryable).toBe(true);
  });
});

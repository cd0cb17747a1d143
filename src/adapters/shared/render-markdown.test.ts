import { describe, expect, it } from "vitest";
import { escapeMarkdown, markdownTable, renderMarkdown } from "./render-markdown.ts";

describe("neutral blocks as Markdown", () => {
  it("shows plain text as it is: markup escaped, links kept, channel-wide mentions defused", () => {
    expect(escapeMarkdown("*太字* _斜体_ `code` [x](y) a|b <b>")).toBe("\\*太字\\* \\_斜体\\_ \\`code\\` \\[x\\](y) a\\|b \\<b\\>");
    expect(escapeMarkdown("# 見出しではない\n本文 #1")).toBe("\\# 見出しではない\n本文 #1");
    expect(escapeMarkdown("詳細は https://example.lg.jp/a_b_c を参照")).toBe("詳細は https://example.lg.jp/a_b_c を参照");
    expect(escapeMarkdown("@all @channel @here @yamada")).toBe("@\u200ball @\u200bchannel @\u200bhere @yamada");
  });

  it("renders tables with escaped cells on one line, and blocks as paragraphs", () => {
    expect(markdownTable(["団体", "備考"], [["千葉市", "a|b\nc"], ["銚子市"]])).toBe(
      "| 団体 | 備考 |\n| --- | --- |\n| 千葉市 | a\\|b c |\n| 銚子市 |   |",
    );
    const text = renderMarkdown({
      text: "x",
      blocks: [
        { type: "header", text: "照会" },
        { type: "fields", fields: [{ label: "期限", value: "12月1日" }] },
        { type: "progress", label: "回答状況", done: 1, total: 4 },
        { type: "divider" },
        { type: "choices", actionId: "cmd", prompt: "選んでください", choices: [{ label: "はい", value: "y" }] },
      ],
    });
    expect(text).toBe("#### 照会\n\n**期限**: 12月1日\n\n回答状況\n`█████░░░░░░░░░░░░░░░ 1/4 (25%)`\n\n---\n\n選んでください\n- はい");
  });
});

// Text from outside (an email, a chat message) must cost time in proportion to its size, never more.
// The reply extractor once used /[ \t]+$/gm, quadratic on a long line of blanks: 60 KB of spaces froze
// the event loop for 8.7 s. The timeouts here are generous ceilings, not measurements.
import { describe, expect, it } from "vitest";
import { extractReplyText, MAX_REPLY_CHARS } from "../../src/domain/email/extract-reply-text.ts";

describe("email reply extraction on hostile text", () => {
  it("handles a 60 KB line of spaces ending in a letter", { timeout: 2_000 }, () => {
    const { text } = extractReplyText(`全議案賛成\n${" ".repeat(60_000)}x\n`);
    expect(text.startsWith("全議案賛成")).toBe(true);
  });

  it("handles 100k of spaces and tabs, and a line of many @ before a colon", { timeout: 2_000 }, () => {
    expect(extractReplyText(`賛成\n${" \t".repeat(50_000)}y`).text).toBe("賛成");
    expect(extractReplyText(`賛成\n${"@".repeat(50_000)}\n> quoted`).text).toContain("賛成");
    expect(extractReplyText(`賛成\n<${"a@".repeat(30_000)}\n`).text).toContain("賛成");
  });

  it("reads only the first MAX_REPLY_CHARS of a body: a vote is never that long", { timeout: 2_000 }, () => {
    const body = `議案1 賛成\n${"あ".repeat(MAX_REPLY_CHARS * 3)}`;
    expect(extractReplyText(body).text.length).toBeLessThanOrEqual(MAX_REPLY_CHARS);
  });
});

describe("bounded searches", () => {
  it("refuses a 100k-character bodies search with a clear message, not SQLite's 'pattern too complex'", async () => {
    const { startTestKyodo } = await import("../support/test-kyodo.ts");
    const { listBodies, findBody } = await import("../../src/domain/bodies/find-body.ts");
    const kyodo = await startTestKyodo({}, { http: false });
    try {
      const long = "市".repeat(100_000);
      await expect(listBodies(kyodo.db, kyodo.council.id, long)).rejects.toMatchObject({ key: "security.searchTooLong" });
      await expect(findBody(kyodo.db, kyodo.council.id, long)).rejects.toMatchObject({ key: "security.searchTooLong" });
      expect((await listBodies(kyodo.db, kyodo.council.id, "千葉")).length).toBeGreaterThan(0);
    } finally {
      await kyodo.dispose();
    }
  });
});

// Notices other than ballots keep their content by email; buttons, which an email cannot have, become the
// chat command that does the same, and the subject says what the notice is about.
import { describe, expect, it } from "vitest";
import { COMMAND_ACTION } from "../../engine/definitions.ts";
import type { OutboundMessage } from "../../engine/messages.ts";
import type { DbOrTx } from "../../storage/database.ts";
import { emailVariants } from "./notice-mail.ts";

// Sources that are not ballot notices never touch the database.
const noDb = {} as DbOrTx;
const reminder: OutboundMessage = {
  text: "調査3 の回答期限まであと3日です。",
  blocks: [
    { type: "header", text: "リマインダー" },
    { type: "text", text: "調査3 の回答期限まであと3日です。" },
    { type: "choices", actionId: COMMAND_ACTION, choices: [{ label: "回答する", value: "survey 3", style: "primary" }] },
  ],
};

describe("emailVariants for notices that are not ballots", () => {
  it("keeps the notice, turns its button into the chat command, and writes a subject", async () => {
    const [variant] = await emailVariants(noDb, {
      source: "survey:3:open",
      target: "{}",
      personId: "p",
      locale: "ja",
      message: reminder,
      at: new Date(),
    });
    const message = JSON.parse(variant!.message) as OutboundMessage;
    expect(variant!.source).toBe("survey:3:open");
    expect(message.mail).toMatchObject({ subject: "【リマインダー】調査3 の回答期限まであと3日です。" });
    expect(message.mail!.messageId).toMatch(/^kyodo\.[0-9a-f]{24}$/);
    expect(message.blocks).toContainEqual({ type: "context", text: "「回答する」はチャットで /kyodo survey 3 と送ると行えます。" });
    expect(message.blocks.some((b) => b.type === "choices")).toBe(false);
    expect(message.blocks.at(-1)).toEqual({ type: "context", text: "このメールは Kyodo（共同）から自動で送信しています。" });
  });

  it("writes English for those who chose English", async () => {
    const [variant] = await emailVariants(noDb, {
      source: "broadcast:1",
      target: "{}",
      personId: "p",
      locale: "en",
      message: {
        text: "Hello",
        blocks: [
          { type: "header", text: "Notice" },
          { type: "text", text: "The board meets in writing." },
        ],
      },
      at: new Date(),
    });
    expect((JSON.parse(variant!.message) as OutboundMessage).mail?.subject).toBe("[Notice] The board meets in writing.");
  });
});

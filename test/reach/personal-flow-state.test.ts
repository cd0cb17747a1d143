// Flow state belongs to the person, not the conversation: a flow saved under the old per-conversation
// key before the upgrade is picked up where it stopped, and a command typed mid-flow runs as a command.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { conversationKey, saveState } from "../../src/engine/conversation-state.ts";
import type { ConversationRef, InboundEvent } from "../../src/engine/messages.ts";
import { renderPlainText } from "../../src/adapters/shared/render-plain-text.ts";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";

let kyodo: TestKyodo;
let n = 0;
const ref: ConversationRef = { platform: "console", workspace: "local", conversationId: "dm:u-ito", isDirect: true };

async function say(text: string): Promise<string> {
  const event: InboundEvent = { kind: "text", eventId: `p${++n}`, ref, user: { externalId: "u-ito" }, receivedAt: new Date(), text };
  return (await kyodo.engine.handle(event)).map((m) => renderPlainText(m, { numberChoices: true })).join("\n");
}

beforeAll(async () => {
  kyodo = await startTestKyodo({}, { http: false });
  await say(`link ${await kyodo.codeFor("sato")}`);
});
afterAll(async () => {
  await kyodo?.dispose();
});

describe("personal flow state", () => {
  it("a flow saved under the conversation's key before the upgrade continues", async () => {
    await saveState(kyodo.db, conversationKey(ref, "u-ito"), ref, { flow: "language", version: 1, step: "choose", data: {} }, new Date());
    expect(await say("en")).toContain("Kyodo will now answer you in English");
    expect(await kyodo.db.conversationState.count({ where: { key: conversationKey(ref, "u-ito") } })).toBe(0);
  });

  it("a command typed mid-flow runs, and the flow is still there afterwards", async () => {
    expect(await say("lang")).toContain("cancel");
    expect(await say("me")).toContain("佐藤 一郎");
    expect(await say("ja")).toContain("日本語にしました");
  });
});

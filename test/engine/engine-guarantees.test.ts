// What the engine promises every channel: a redelivered event acts once, events of one conversation are
// handled one after another, and a conversation survives a restart of Kyodo mid-flow.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { InboundEvent } from "../../src/engine/messages.ts";
import { describeEachProvider, TEST_AUDIT_KEY } from "../support/postgres.ts";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";

const ref = { platform: "test", workspace: "w1", conversationId: "dm-1" };
let seq = 0;
function text(user: string, body: string, eventId = `e-${++seq}`): InboundEvent {
  return {
    kind: "text",
    eventId,
    ref: { ...ref, conversationId: `dm-${user}` },
    user: { externalId: user },
    receivedAt: new Date(),
    text: body,
  };
}

let kyodo: TestKyodo;

const replyText = (replies: Array<{ text: string }>) => replies.map((r) => r.text).join("\n");

describeEachProvider("engine guarantees", (provider) => {
  beforeAll(async () => {
    kyodo = await provider.startKyodo({}, { http: false });
  });
  afterAll(async () => {
    await kyodo.dispose();
  });

  it("a redelivered event is handled once", async () => {
    const code = await kyodo.codeFor("sato");
    const first = await kyodo.engine.handle(text("u-sato", `link ${code}`, "same-id"));
    expect(replyText(first)).toContain("連携しました");
    const again = await kyodo.engine.handle(text("u-sato", `link ${code}`, "same-id"));
    expect(again).toEqual([]);
    const audits = await kyodo.db.auditEntry.count({ where: { action: "identities.link" } });
    expect(audits).toBe(1);
  });

  it("the same event id on another workspace is a different event", async () => {
    const event = text("u-x", "help", "shared-id");
    expect(await kyodo.engine.handle(event)).not.toEqual([]);
    expect(await kyodo.engine.handle({ ...event, ref: { ...event.ref, workspace: "w2" } })).not.toEqual([]);
  });

  it("many events of one conversation at once are handled in order, none lost", async () => {
    const code = await kyodo.codeFor("suzuki");
    await kyodo.engine.handle(text("u-suzuki", `link ${code}`));
    // Start a flow and answer it in the same burst: only serial handling makes the answer land in the flow.
    const burst = await Promise.all([
      kyodo.engine.handle(text("u-suzuki", "lang")),
      kyodo.engine.handle(text("u-suzuki", "en")),
      kyodo.engine.handle(text("u-suzuki", "me")),
    ]);
    expect(replyText(burst[0])).toContain("表示言語を選んでください");
    expect(replyText(burst[1])).toBe("Kyodo will now answer you in English.");
    expect(replyText(burst[2])).toContain("Bodies: 千葉市");
  });

  it("a conversation resumes after a restart", async () => {
    const first = await provider.startKyodo({}, { http: false });
    const code = await first.codeFor("smith");
    expect(replyText(await first.engine.handle(text("u-smith", "link")))).toContain("登録コード");
    // Stop Kyodo entirely and start a new one on the same database file.
    await first.close();
    const sameDatabase = { DATABASE_URL: first.databaseUrl, ...(provider.name === "postgresql" ? { AUDIT_KEY: TEST_AUDIT_KEY } : {}) };
    const restarted = await startTestKyodo(sameDatabase, { http: false });
    const answer = await restarted.engine.handle(text("u-smith", code));
    expect(replyText(answer)).toContain("John Smith");
    await restarted.close();
    await first.dispose();
  });

  it("a failure inside a command is reported plainly and the event can be retried", async () => {
    const event = text("u-sato", "organs 存在しない会議体");
    expect(replyText(await kyodo.engine.handle(event))).toContain("「存在しない会議体」という会議体は見つかりません");
  });
});

// Every conversation flow declares the shape of its saved data (issue #18). A conversation saved by an older
// deploy in a shape this one cannot read — a link attempt count that became text, a broadcast channel that no
// longer exists, a survey being built with a question kind that was removed — is refused with a word to the
// person in their language (ja or en), nothing is done on it, and the person is not stuck.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildRegistry } from "../../src/commands/index.ts";
import { linkIdentityDirectly } from "../../src/domain/identities/link-identity.ts";
import { findPerson } from "../../src/domain/people/find-person.ts";
import { saveState, type SavedState } from "../../src/engine/conversation-state.ts";
import type { ConversationRef } from "../../src/engine/messages.ts";
import { flowStateKey } from "../../src/engine/personal-conversation.ts";
import { ConsoleSession } from "../support/console-session.ts";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";

let kyodo: TestKyodo;
const refOf = (user: string): ConversationRef => ({ platform: "console", workspace: "local", conversationId: user, isDirect: true });

async function link(user: string, handle: string): Promise<void> {
  const person = await findPerson(kyodo.db, kyodo.council.id, handle);
  await linkIdentityDirectly(kyodo.db, { platform: "console", workspace: "local", externalUserId: user }, person.id, "test");
}

async function saved(user: string, state: SavedState): Promise<void> {
  await saveState(kyodo.db, flowStateKey(refOf(user), user), refOf(user), state, new Date());
}

const stateLeft = (user: string) => kyodo.db.conversationState.count({ where: { key: flowStateKey(refOf(user), user) } });

beforeAll(async () => {
  kyodo = await startTestKyodo({}, { http: false });
  await link("u-yamada", "yamada");
  await link("u-smith", "smith");
});
afterAll(async () => kyodo.dispose());

describe("the saved data of every flow", () => {
  it("has a version and a schema", () => {
    const flows = buildRegistry().flows();
    expect(flows.length).toBeGreaterThanOrEqual(9);
    expect(flows.filter((f) => !f.data || !f.version).map((f) => f.name)).toEqual([]);
  });

  it("a broadcast saved with a channel this version does not have is refused in Japanese, and nothing is sent", async () => {
    await saved("u-yamada", {
      flow: "broadcast",
      version: 1,
      step: "confirm",
      data: { audience: { kind: "all" }, channels: ["pigeon"], text: "お知らせ" },
    });
    const chat = new ConsoleSession(kyodo.engine, "u-yamada");
    expect(await chat.say("1")).toContain("Kyodo の更新により、途中だった操作を続けられなくなりました。");
    expect(await stateLeft("u-yamada")).toBe(0);
    expect(await kyodo.db.broadcast.count()).toBe(0);
    expect(await chat.say("me")).toContain("山田");
    await chat.close();
  });

  it("a survey being built with a question of a kind that no longer exists is refused instead of crashing", async () => {
    await saved("u-yamada", {
      flow: "survey-new",
      version: 1,
      step: "kind",
      data: { title: "調査", questions: [{ id: "q1", kind: "slider", text: "満足度", required: true }] },
    });
    const chat = new ConsoleSession(kyodo.engine, "u-yamada");
    expect(await chat.say("1")).toContain("もう一度はじめから操作してください");
    expect(await stateLeft("u-yamada")).toBe(0);
    await chat.close();
  });

  it("a link attempt saved as text is refused in English for an English-speaking person", async () => {
    await saved("u-smith", { flow: "link", version: 1, step: "code", data: { attempts: "3" } });
    const chat = new ConsoleSession(kyodo.engine, "u-smith");
    expect(await chat.say("ABCD-1234")).toContain("Kyodo was updated and the step you were in cannot be continued.");
    expect(await stateLeft("u-smith")).toBe(0);
    await chat.close();
  });

  it("data of the current shape is continued as before", async () => {
    await saved("u-smith", { flow: "language", version: 1, step: "choose", data: {} });
    const chat = new ConsoleSession(kyodo.engine, "u-smith");
    expect(await chat.say("1")).not.toContain("Kyodo was updated");
    await chat.close();
  });
});

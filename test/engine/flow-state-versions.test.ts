// A conversation saved by an older deploy (issue #18): its data is read back with the flow's version and schema,
// migrated where the flow knows how, and otherwise restarted with a word to the person — never misread, never a
// crash, also when the stored text is damaged.
import { describe, expect, it, afterAll, beforeAll } from "vitest";
import { z } from "zod";
import { linkIdentityDirectly } from "../../src/domain/identities/link-identity.ts";
import { findPerson } from "../../src/domain/people/find-person.ts";
import { saveState } from "../../src/engine/conversation-state.ts";
import type { FlowDefinition } from "../../src/engine/definitions.ts";
import { readFlowData } from "../../src/engine/flow-data.ts";
import type { ConversationRef } from "../../src/engine/messages.ts";
import { flowStateKey } from "../../src/engine/personal-conversation.ts";
import { ConsoleSession } from "../support/console-session.ts";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";

let kyodo: TestKyodo;
const ref: ConversationRef = { platform: "console", workspace: "local", conversationId: "u-state", isDirect: true };

beforeAll(async () => {
  kyodo = await startTestKyodo({}, { http: false });
  const sato = await findPerson(kyodo.db, kyodo.council.id, "sato");
  await linkIdentityDirectly(kyodo.db, { platform: "console", workspace: "local", externalUserId: "u-state" }, sato.id, "test");
});
afterAll(async () => kyodo.dispose());

describe("saved conversation state across deploys", () => {
  it("a vote saved in a shape this version cannot read restarts with a word, and records nothing", async () => {
    // ballotId as a number: what an older shape could have stored.
    await saveState(
      kyodo.db,
      flowStateKey(ref, "u-state"),
      ref,
      { flow: "vote", version: 1, step: "vote", data: { ballotId: 7, seatId: "s" } },
      new Date(),
    );
    const chat = new ConsoleSession(kyodo.engine, "u-state");
    const answer = await chat.say("1");
    expect(answer).toContain("もう一度はじめから操作してください");
    expect(await kyodo.db.conversationState.count({ where: { key: flowStateKey(ref, "u-state") } })).toBe(0);
    expect(await kyodo.db.motionVote.count()).toBe(0);
    // The person is not stuck: the next message is an ordinary command again.
    expect(await chat.say("me")).toContain("佐藤 一郎");
    await chat.close();
  });

  it("a damaged row (not JSON) and a version newer than this code restart the flow instead of crashing", async () => {
    const key = flowStateKey(ref, "u-state");
    await saveState(kyodo.db, key, ref, { flow: "language", version: 1, step: "choose", data: {} }, new Date());
    await kyodo.db.conversationState.update({ where: { key }, data: { data: "{not json" } });
    const chat = new ConsoleSession(kyodo.engine, "u-state");
    expect(await chat.say("en")).toContain("もう一度はじめから操作してください");
    await saveState(kyodo.db, key, ref, { flow: "language", version: 9, step: "choose", data: {} }, new Date());
    expect(await chat.say("en")).toContain("もう一度はじめから操作してください");
    await chat.close();
  });

  it("a flow that knows the older shape migrates it; data of the current shape is read as it is", () => {
    const flow: FlowDefinition = {
      name: "example",
      access: "member",
      version: 2,
      data: z.object({ ballotId: z.string(), motions: z.array(z.number()) }),
      migrate: (old, from) => (from === 1 && typeof old.ballot === "string" ? { ballotId: old.ballot, motions: [] } : undefined),
      start: () => Promise.resolve({ replies: [] }),
      input: () => Promise.resolve({ replies: [] }),
    };
    expect(readFlowData(flow, { flow: "example", version: 1, step: "s", data: { ballot: "b1" } })).toEqual({ ballotId: "b1", motions: [] });
    expect(readFlowData(flow, { flow: "example", version: 1, step: "s", data: { other: true } })).toBeUndefined();
    expect(readFlowData(flow, { flow: "example", version: 2, step: "s", data: { ballotId: "b2", motions: [1] } })).toEqual({
      ballotId: "b2",
      motions: [1],
    });
    expect(readFlowData(flow, { flow: "example", version: 2, step: "s", data: { ballotId: 3, motions: [] } })).toBeUndefined();
  });
});

// An answer Mattermost cannot take now (a 429 with a wait too long to hold the person's request for)
// goes to the outbox and is posted to the same channel later (issue #14), instead of being dropped.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConversationRef } from "../../src/engine/messages.ts";
import { startMattermostKyodo, type MattermostKyodo } from "../mattermost/support/mattermost-kyodo.ts";

let t: MattermostKyodo;
beforeAll(async () => {
  t = await startMattermostKyodo();
});
afterAll(async () => t?.dispose());

describe("Mattermost answers and the outbox", () => {
  it("hands an answer to the outbox when Mattermost is rate limiting, and the outbox posts it", async () => {
    const person = t.mm.person("later");
    const dm = t.mm.dmOf(person);
    t.mm.failNext("POST", /^\/api\/v4\/posts$/, 429, 1, { "retry-after": "600" });
    await t.mm.slash(person, dm, "home");
    await t.settle();
    const queued = await t.kyodo.db.delivery.findMany({ where: { platform: "mattermost", source: { startsWith: "reply:" } } });
    expect(queued.map((d) => [d.state, (JSON.parse(d.target) as ConversationRef).conversationId])).toEqual([["queued", dm.id]]);
    expect(t.mm.seenIn(dm.id, person)).toEqual([]);
    expect(await t.kyodo.outbox.flush(new Date(Date.now() + 1000))).toMatchObject({ sent: 1 });
    expect(t.mm.seenIn(dm.id, person).length).toBeGreaterThan(0);
  });
});

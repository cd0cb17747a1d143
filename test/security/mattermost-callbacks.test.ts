// Mattermost does not sign button callbacks: Kyodo's signed context is the only proof. A context taken
// from one member's direct channel must not act for another member, and callbacks of the wrong shape
// get 400.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExampleBallot } from "../motions/support.ts";
import { readable } from "../mattermost/support/fake-mattermost.ts";
import { startMattermostKyodo, type MattermostKyodo } from "../mattermost/support/mattermost-kyodo.ts";

let t: MattermostKyodo;
beforeAll(async () => {
  t = await startMattermostKyodo({ MATTERMOST_WEBSOCKET: "off" });
  const now = new Date();
  await createExampleBallot(t.kyodo, now, { deadline: new Date(now.getTime() + 7 * 86_400_000) });
});
afterAll(async () => {
  await t?.dispose();
});

describe("Mattermost signed contexts are bound to their person", () => {
  it("refuses a vote button from sato's direct channel pressed as takahashi, and casts nothing", async () => {
    const sato = t.mm.person("sato");
    const takahashi = t.mm.person("takahashi");
    await t.link(sato, "sato");
    await t.link(takahashi, "takahashi");
    const dm = t.mm.dmOf(sato);
    await t.mm.slash(sato, dm, "vote");
    await t.settle();
    const post = t.mm
      .seenIn(dm.id)
      .filter((p) => p.user_id === t.mm.bot.id)
      .find((p) => readable(p).includes("全議案に賛成"));
    expect(post).toBeDefined();
    const answer = await t.mm.press(takahashi, post!, "全議案に賛成");
    await t.settle();
    expect(answer.status).toBe(403);
    const person = await t.kyodo.db.person.findFirstOrThrow({ where: { handle: "takahashi" } });
    expect(await t.kyodo.db.motionVote.count({ where: { personId: person.id } })).toBe(0);

    // The person it was issued to still can.
    const own = await t.mm.press(sato, post!, "全議案に賛成");
    await t.settle();
    expect(own.status).toBe(200);
    const satoPerson = await t.kyodo.db.person.findFirstOrThrow({ where: { handle: "sato" } });
    expect(await t.kyodo.db.motionVote.count({ where: { personId: satoPerson.id } })).toBeGreaterThan(0);
  });
});

describe("Mattermost callbacks of the wrong shape", () => {
  for (const body of [
    "null",
    "[]",
    '{"user_id":5,"channel_id":"c","post_id":"p"}',
    '{"type":"dialog_submission","user_id":["x"]}',
    '{"user_id":"u","channel_id":"c","post_id":"p","context":"text"}',
  ]) {
    it(`answers 400 to ${body}`, async () => {
      const response = await fetch(`${t.kyodo.baseUrl}/mattermost/actions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
      expect(response.status).toBe(400);
    });
  }
});

// The Mattermost channel end to end: a real Kyodo over real HTTP against a fake Mattermost on loopback.
// Slash commands with their token (a wrong one changes nothing), answers in the person's direct channel
// with Kyodo or ephemerally where the command was typed, linking an account, direct messages over the
// WebSocket, and pushes from the outbox with their retries.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { queueMessages } from "../../src/domain/delivery/queue-messages.ts";
import { findPerson } from "../../src/domain/people/find-person.ts";
import { textMessage } from "../../src/engine/messages.ts";
import { buttonsOf, readable, type PostBody } from "./support/fake-mattermost.ts";
import { startMattermostKyodo, type MattermostKyodo } from "./support/mattermost-kyodo.ts";

let t: MattermostKyodo;
beforeAll(async () => {
  t = await startMattermostKyodo();
});
afterAll(async () => {
  await t?.dispose();
});
beforeEach(() => {
  t.mm.reset();
});

describe("Mattermost slash commands", () => {
  it("refuses a wrong or missing command token with 401 and does nothing", async () => {
    const intruder = t.mm.person("intruder");
    const before = await t.kyodo.db.processedEvent.count();
    const wrong = await t.mm.slash(intruder, t.mm.dmOf(intruder), "help", "not-the-token");
    expect(wrong.status).toBe(401);
    const missing = await fetch(`${t.kyodo.baseUrl}/mattermost/command`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ user_id: intruder.id, channel_id: "x", text: "help" }).toString(),
    });
    expect(missing.status).toBe(401);
    await t.settle();
    expect(t.mm.calls.filter((c) => c.path === "/api/v4/posts")).toEqual([]);
    expect(t.mm.seenIn(t.mm.dmOf(intruder).id, intruder)).toEqual([]);
    expect(await t.kyodo.db.processedEvent.count()).toBe(before);
  });

  it("tells an unlinked person how to link, in their direct channel with Kyodo", async () => {
    const stranger = t.mm.person("stranger");
    const dm = t.mm.dmOf(stranger);
    const answer = await t.mm.slash(stranger, dm, "home");
    expect(answer).toMatchObject({ status: 200, body: {} });
    const [post] = t.mm.seenIn(dm.id);
    expect(post?.user_id).toBe(t.mm.bot.id);
    expect(post?.ephemeralFor).toBeUndefined();
    expect(readable(post!)).toContain("/kyodo link 登録コード");
  });

  it("links with an enrolment code; the direct channel becomes where pushes reach the person", async () => {
    const takahashi = t.mm.person("takahashi");
    await t.link(takahashi, "takahashi");
    const identity = await t.kyodo.db.chatIdentity.findFirstOrThrow({ where: { platform: "mattermost", externalUserId: takahashi.id } });
    expect(identity.workspace).toBe(new URL(t.mm.url).host);
    expect(JSON.parse(identity.directRef ?? "{}")).toMatchObject({
      platform: "mattermost",
      conversationId: t.mm.dmOf(takahashi).id,
      isDirect: true,
    });

    // A link code used once cannot be used again by someone else.
    const code = await t.kyodo.codeFor("watanabe");
    const other = t.mm.person("not-watanabe");
    await t.mm.slash(t.mm.person("watanabe"), t.mm.dmOf(t.mm.person("watanabe")), `link ${code}`);
    await t.mm.slash(other, t.mm.dmOf(other), `link ${code}`);
    expect(readable(t.mm.lastIn(t.mm.dmOf(other).id))).toContain("登録コードが正しくない");
  });

  it("answers a command typed in a shared channel ephemerally, only to the person", async () => {
    const sato = t.mm.person("sato");
    await t.link(sato, "sato");
    t.mm.reset();
    const townSquare = t.mm.channel("town-square");
    const answer = await t.mm.slash(sato, townSquare, "home");
    expect(answer.status).toBe(200);
    expect(answer.body.response_type).toBe("ephemeral");
    const seen = t.mm.seenIn(townSquare.id, sato);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.ephemeralFor).toBe(sato.id);
    expect(readable(seen[0]!)).toContain("佐藤");
    expect(buttonsOf(seen[0]!)).toEqual(["登録内容", "会議体", "ヘルプ"]);
    // Nobody else sees anything, and nothing was stored in the channel.
    expect(t.mm.seenIn(townSquare.id, t.mm.person("someone-else"))).toEqual([]);
    expect(t.mm.callsTo("POST", /^\/api\/v4\/posts$/)).toEqual([]);
  });

  it("pages a long table within a post and renders it as a Markdown table", async () => {
    const watanabe = t.mm.person("watanabe");
    const dm = t.mm.dmOf(watanabe);
    await t.mm.slash(watanabe, dm, "bodies");
    const post = t.mm.lastIn(dm.id);
    expect(post.message).toContain("| --- |");
    expect(post.message).toContain("鎌ケ谷市");
    expect(Array.from(post.message).length).toBeLessThanOrEqual(16383);
  });

  it("reads direct messages over the WebSocket, once each, and answers in the same channel", async () => {
    const suzuki = t.mm.person("suzuki");
    const dm = t.mm.dmOf(suzuki);
    t.mm.dm(suzuki, `link ${await t.kyodo.codeFor("suzuki")}`);
    await t.settle();
    await waitFor(() => t.mm.seenIn(dm.id).some((p) => p.user_id === t.mm.bot.id));
    expect(readable(t.mm.lastIn(dm.id))).toContain("鈴木 次郎 さんとして登録されています");

    const question = t.mm.dm(suzuki, "me");
    await waitFor(() => t.mm.lastIn(dm.id).user_id === t.mm.bot.id && t.mm.lastIn(dm.id).id !== question.id);
    expect(readable(t.mm.lastIn(dm.id))).toContain("鈴木");
    // Kyodo's own posts are never read back as messages to answer.
    const count = t.mm.seenIn(dm.id).length;
    await t.settle();
    expect(t.mm.seenIn(dm.id)).toHaveLength(count);
  });

  it("pushes reminders through the outbox, retrying Mattermost's 5xx with the same pending post id", async () => {
    const tanaka = t.mm.person("tanaka");
    await t.link(tanaka, "tanaka");
    t.mm.reset();
    const person = await findPerson(t.kyodo.db, t.kyodo.council.id, "tanaka");
    const now = new Date();
    await queueMessages(t.kyodo.db, {
      source: `test:mm-push:${now.getTime()}`,
      personIds: [person.id],
      render: (locale) => textMessage(locale === "ja" ? "締切が近づいています" : "Deadline soon"),
      notBefore: now,
    });
    t.mm.failNext("POST", /^\/api\/v4\/posts$/, 503);
    await t.kyodo.scheduler.tick(now);
    const row = await t.kyodo.db.delivery.findFirstOrThrow({
      where: { platform: "mattermost", personId: person.id, source: { startsWith: "test:mm-push" } },
    });
    expect(row.state).toBe("queued");
    expect(row.lastError).toContain("503");
    await t.kyodo.scheduler.tick(new Date(now.getTime() + 10 * 60_000));
    const sent = await t.kyodo.db.delivery.findUniqueOrThrow({ where: { id: row.id } });
    expect(sent.state).toBe("sent");
    const attempts = t.mm.callsTo("POST", /^\/api\/v4\/posts$/).map((call) => call.body as PostBody);
    expect(attempts).toHaveLength(2);
    expect(attempts[0]!.pending_post_id).toBe(attempts[1]!.pending_post_id);
    expect(attempts[1]!.channel_id).toBe(t.mm.dmOf(tanaka).id);
    expect(t.mm.lastIn(t.mm.dmOf(tanaka).id).message).toContain("締切が近づいています");
  });

  it("records a refusal (403) of a push as a permanent failure", async () => {
    const person = await findPerson(t.kyodo.db, t.kyodo.council.id, "tanaka");
    const now = new Date();
    await queueMessages(t.kyodo.db, {
      source: `test:mm-refused:${now.getTime()}`,
      personIds: [person.id],
      render: () => textMessage("x"),
      notBefore: now,
    });
    t.mm.failNext("POST", /^\/api\/v4\/posts$/, 403);
    await t.kyodo.scheduler.tick(now);
    const row = await t.kyodo.db.delivery.findFirstOrThrow({
      where: { platform: "mattermost", source: { startsWith: "test:mm-refused" } },
    });
    expect(row.state).toBe("failed");
  });
});

async function waitFor(condition: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// The LINE channel end to end: signed webhooks over real HTTP into a real Kyodo, answers sent through
// @line/bot-sdk to a fake LINE API on loopback. Covers the signature check, one effect per
// webhookEventId, reply versus push, groups, follow and join, and what the sent messages look like.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FakeLineApi, type SendRequest } from "./support/fake-line-api.ts";
import { deliveredText, flexOf, quickReplyItems, readable, startLineKyodo, type LineKyodo } from "./support/line-kyodo.ts";
import {
  DESTINATION,
  followEvent,
  joinEvent,
  memberJoinedEvent,
  postbackEvent,
  postWebhook,
  sign,
  stickerEvent,
  textEvent,
  unfollowEvent,
  webhookEventId,
} from "./support/line-webhook.ts";
import { inboxDbOf } from "../../src/storage/database.ts";

let t: LineKyodo;
beforeAll(async () => {
  t = await startLineKyodo();
});
afterAll(async () => {
  await t.dispose();
});
beforeEach(() => {
  t.line.reset();
});

async function linked(userId: string, handle: string): Promise<void> {
  await t.send(textEvent({ userId, text: `link ${await t.kyodo.codeFor(handle)}` }));
  expect(deliveredText(t.line.deliveries)).toContain("連携しました");
  t.line.reset();
}

describe("LINE webhook", () => {
  it("refuses a bad or missing signature with 401 and does nothing", async () => {
    const before = await t.kyodo.db.processedEvent.count();
    const events = [textEvent({ userId: "U-intruder", text: "help" })];
    const body = JSON.stringify({ destination: DESTINATION, events });
    const forged = await postWebhook(t.kyodo.baseUrl, events, { signature: sign(body, "not-the-secret") });
    expect(forged.status).toBe(401);
    const unsigned = await fetch(`${t.kyodo.baseUrl}/line/webhook`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    expect(unsigned.status).toBe(401);
    // Signed, then altered by one byte on the way: the signature covers the raw body.
    const tampered = await fetch(`${t.kyodo.baseUrl}/line/webhook`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-line-signature": sign(body) },
      body: body.replace('"help"', '"hElp"'),
    });
    expect(tampered.status).toBe(401);
    await t.adapter.idle();
    expect(t.line.calls).toEqual([]);
    expect(await t.kyodo.db.processedEvent.count()).toBe(before);
  });

  it("answers LINE's verification request (no events) with 200", async () => {
    const response = await postWebhook(t.kyodo.baseUrl, []);
    expect(response.status).toBe(200);
    expect(t.line.calls).toEqual([]);
  });

  it("answers an unlinked person's text by reply, with the bearer token, telling them how to link", async () => {
    const event = textEvent({ userId: "U-stranger", text: "help" });
    await t.send(event);
    const [call] = t.line.calls;
    expect(call?.path).toBe("/v2/bot/message/reply");
    expect(call?.headers.authorization).toBe(`Bearer ${t.line.token}`);
    expect(call?.headers["x-line-retry-key"]).toBeUndefined();
    expect((call?.body as SendRequest | undefined)?.replyToken).toBe(event.replyToken);
    expect(deliveredText(t.line.deliveries)).toContain("/kyodo link 登録コード");
  });

  it("links with a code and shows the home card with quick replies that run commands", async () => {
    await linked("U-takahashi", "takahashi");
    const identity = await t.kyodo.db.chatIdentity.findFirst({ where: { platform: "line", externalUserId: "U-takahashi" } });
    expect(identity?.workspace).toBe(DESTINATION);

    await t.send(textEvent({ userId: "U-takahashi", text: "home" }));
    // The 1:1 chat is remembered as where broadcasts reach this person.
    const direct = await t.kyodo.db.chatIdentity.findFirst({ where: { platform: "line", externalUserId: "U-takahashi" } });
    expect(JSON.parse(direct?.directRef ?? "{}")).toMatchObject({
      platform: "line",
      workspace: DESTINATION,
      conversationId: "U-takahashi",
      isDirect: true,
    });
    const [home] = t.line.deliveries;
    const card = flexOf(home!.messages[0]);
    expect(card.altText).toContain("高橋 美咲 さんのホーム");
    expect(card.contents.type === "bubble" && card.contents.header?.contents[0]).toMatchObject({
      type: "text",
      text: "高橋 美咲 さんのホーム",
    });
    expect(readable(card)).toContain("銚子市");
    const items = quickReplyItems(home);
    expect(items.map((i) => i.label)).toEqual(["登録内容", "会議体", "ヘルプ"]);
    expect(items.map((i) => i.data)).toEqual(["a|cmd|me", "a|cmd|organs", "a|cmd|help"]);

    // Pressing 会議体 sends the postback; the answer is a table card.
    await t.send(postbackEvent({ userId: "U-takahashi", data: items[1]!.data }));
    const organs = flexOf(t.line.deliveries[1]!.messages[0]);
    expect(readable(organs)).toContain("幹事会");
  });

  it("runs the rich menu's buttons as commands", async () => {
    const { richMenuRequest } = await import("../../scripts/line-rich-menu.ts");
    const [answer, , notices, help] = richMenuRequest().areas!.map((a) => a.action as { data: string });
    await t.send(postbackEvent({ userId: "U-takahashi", data: answer!.data }));
    await t.send(postbackEvent({ userId: "U-takahashi", data: notices!.data }));
    await t.send(postbackEvent({ userId: "U-takahashi", data: help!.data }));
    // 回答する lists the surveys of the person's body (none are open here, and it says so).
    expect(t.line.deliveries[0]!.messages.map(readable).join("\n")).toMatch(/調査|survey/i);
    expect(flexOf(t.line.deliveries[1]!.messages[0]).altText).toContain("高橋 美咲 さんのホーム");
    expect(readable(t.line.deliveries[2]!.messages[0])).toContain("/kyodo home");
  });

  it("pages a long table over a carousel within LINE's limits", async () => {
    await linked("U-watanabe", "watanabe");
    await t.send(textEvent({ userId: "U-watanabe", text: "bodies" }));
    const message = flexOf(t.line.deliveries[0]!.messages[0]);
    const carousel = message.contents;
    if (carousel.type !== "carousel") throw new Error(`expected a carousel, got a ${carousel.type}`);
    // 56 member bodies, 20 rows a page.
    expect(carousel.contents).toHaveLength(3);
    for (const bubble of carousel.contents) expect(Buffer.byteLength(JSON.stringify(bubble))).toBeLessThan(30 * 1024);
    expect(message.altText.length).toBeLessThanOrEqual(400);
    expect(message.altText).toContain("構成団体（56団体）");
    expect(readable(message)).toContain("鎌ケ谷市");
  });

  it("acts once on a redelivered event (same webhookEventId), however often it comes", async () => {
    const code = await t.kyodo.codeFor("suzuki");
    const links = () => t.kyodo.db.auditEntry.count({ where: { action: "identities.link" } });
    const linksBefore = await links();
    const id = webhookEventId();
    const first = textEvent({ userId: "U-suzuki", text: `/kyodo link ${code}`, webhookEventId: id });
    await t.send(first);
    // LINE redelivers the event it thinks failed: same id and reply token, isRedelivery set.
    await t.send({ ...first, deliveryContext: { isRedelivery: true } });
    await Promise.all([
      t.send({ ...first, deliveryContext: { isRedelivery: true } }),
      t.send({ ...first, deliveryContext: { isRedelivery: true } }),
    ]);
    expect(t.line.deliveries).toHaveLength(1);
    expect(deliveredText(t.line.deliveries)).toContain("鈴木 次郎 さんとして登録されています");
    expect(await inboxDbOf(t.kyodo.db).inboxEvent.count({ where: { dedupeKey: `line:${DESTINATION}:${id}` } })).toBe(1);
    expect(await links()).toBe(linksBefore + 1);
  });

  it("pushes, with a retry key, when the reply token is more than a minute old", async () => {
    const event = textEvent({ userId: "U-late", text: "help", timestamp: Date.now() - 65_000, redelivery: true });
    await t.send(event);
    expect(t.line.callsTo("/v2/bot/message/reply")).toEqual([]);
    const [push] = t.line.callsTo("/v2/bot/message/push");
    expect((push?.body as SendRequest | undefined)?.to).toBe("U-late");
    expect(push?.headers["x-line-retry-key"]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(deliveredText(t.line.deliveries)).toContain("/kyodo link");
  });

  it("falls back to push when LINE says the reply token is no longer valid", async () => {
    const token = "a".repeat(32);
    await t.send(textEvent({ userId: "U-token-a", text: "help", replyToken: token }));
    await t.send(textEvent({ userId: "U-token-b", text: "help", replyToken: token }));
    expect(t.line.deliveries.map((d) => d.kind)).toEqual(["reply", "push"]);
    expect(t.line.deliveries[1]!.to).toEqual(["U-token-b"]);
  });

  it("changes language through quick-reply postbacks", async () => {
    await linked("U-tanaka", "tanaka");
    await t.send(textEvent({ userId: "U-tanaka", text: "言語" }));
    const items = quickReplyItems(t.line.deliveries[0]);
    expect(items.map((i) => i.label)).toEqual(["日本語", "English"]);
    expect(items[1]!.displayText).toBe("English");
    await t.send(postbackEvent({ userId: "U-tanaka", data: items[1]!.data }));
    expect(deliveredText(t.line.deliveries.slice(1))).toBe("Kyodo will now answer you in English.");
    // A button of a flow the person has left is answered, not obeyed.
    await t.send(postbackEvent({ userId: "U-tanaka", data: items[0]!.data }));
    expect(deliveredText(t.line.deliveries.slice(2))).toContain("out of date");
  });

  it("answers a double tap of one button once, never with 'out of date' for the second press", async () => {
    await linked("U-double", "yamada");
    await t.send(textEvent({ userId: "U-double", text: "言語" }));
    const items = quickReplyItems(t.line.deliveries[0]);
    const pressed = Date.now();
    // Two taps, two events (LINE gives each its own webhookEventId), arriving together and just after.
    await Promise.all([
      t.send(postbackEvent({ userId: "U-double", data: items[1]!.data, timestamp: pressed })),
      t.send(postbackEvent({ userId: "U-double", data: items[1]!.data, timestamp: pressed + 250 })),
    ]);
    await t.send(postbackEvent({ userId: "U-double", data: items[1]!.data, timestamp: pressed + 900 }));
    const answers = deliveredText(t.line.deliveries.slice(1));
    expect(answers).toBe("Kyodo will now answer you in English.");
    expect(answers).not.toContain("out of date");
  });

  it("greets a new friend with help (follow) and logs unfollow without sending", async () => {
    await t.send(followEvent({ userId: "U-new-friend" }));
    expect(t.line.deliveries).toHaveLength(1);
    expect(deliveredText(t.line.deliveries)).toContain("/kyodo link 登録コード");
    await t.send(unfollowEvent({ userId: "U-new-friend" }));
    expect(t.line.deliveries).toHaveLength(1);
  });

  it("in a group: greets on join once, ignores chatter, answers /kyodo and mentions in the group", async () => {
    const join = joinEvent({ groupId: "C-board" });
    await t.send(join);
    await t.send({ ...join, deliveryContext: { isRedelivery: true } });
    expect(t.line.deliveries).toHaveLength(1);
    expect(deliveredText(t.line.deliveries)).toContain("/kyodo");
    t.line.reset();

    await t.send(memberJoinedEvent({ groupId: "C-board", members: ["U-member-1"] }));
    await t.send(textEvent({ userId: "U-member-1", groupId: "C-board", text: "明日の会議よろしくお願いします" }));
    await t.send(stickerEvent({ userId: "U-member-1", groupId: "C-board" }));
    expect(t.line.calls).toEqual([]);

    await t.send(textEvent({ userId: "U-member-1", groupId: "C-board", text: "／ｋｙｏｄｏ　help" }));
    // An old event is answered by push, which shows where answers go: to the group.
    const mention = { index: 0, length: 6, isSelf: true };
    await t.send(textEvent({ userId: "U-member-1", groupId: "C-board", text: "@Kyodo help", mention, timestamp: Date.now() - 120_000 }));
    await t.send(
      textEvent({ userId: "U-member-1", groupId: "C-board", text: "@someone help", mention: { index: 0, length: 8, isSelf: false } }),
    );
    expect(t.line.deliveries.map((d) => d.kind)).toEqual(["reply", "push"]);
    expect(t.line.deliveries[1]!.to).toEqual(["C-board"]);
    for (const d of t.line.deliveries) expect(readable(d.messages[0])).toContain("/kyodo link");
  });

  it("tells a person in a 1:1 chat that only text is read", async () => {
    await t.send(stickerEvent({ userId: "U-sticker" }));
    expect(deliveredText(t.line.deliveries)).toContain("Kyodo reads text messages only");
  });

  it("answers an expired or unknown button honestly", async () => {
    await t.send(postbackEvent({ userId: "U-old-button", data: "k|doesnotexist0000" }));
    expect(deliveredText(t.line.deliveries)).toContain("有効期限");
    t.line.reset();
    await t.send(postbackEvent({ userId: "U-old-button", data: "something-else" }));
    expect(t.line.calls).toEqual([]);
  });
});

describe("LINE channel configuration", () => {
  it("does not start without both credentials", async () => {
    const { startTestKyodo } = await import("../support/test-kyodo.ts");
    const fake = await new FakeLineApi().start();
    const kyodo = await startTestKyodo({ LINE_CHANNEL_SECRET: "only-the-secret", LINE_API_BASE_URL: fake.baseUrl });
    expect(kyodo.channels.map((c) => c.adapter.platform)).not.toContain("line");
    const response = await postWebhook(kyodo.baseUrl, []);
    expect(response.status).toBe(404);
    await kyodo.dispose();
    await fake.stop();
  });
});

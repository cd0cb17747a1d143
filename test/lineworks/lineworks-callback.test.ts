// The LINE WORKS channel end to end: signed callbacks over real HTTP into a real Kyodo, answers sent to
// the fake LINE WORKS on loopback. Covers the signature check (forged, altered, missing), the shape check,
// a repeated callback taken once, 1:1 talks and talk rooms, and the adapter's own notices.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { persistentMenuActions } from "../../scripts/lineworks-menu.ts";
import { BOT_ID } from "./support/fake-lineworks-api.ts";
import { buttonEvent, joinEvent, postCallback, sign, stickerEvent, textEvent } from "./support/lineworks-callback.ts";
import { buttonsOf, deliveredText, startLineWorksKyodo, type LineWorksKyodo } from "./support/lineworks-kyodo.ts";
import { inboxDbOf } from "../../src/storage/database.ts";

let t: LineWorksKyodo;
beforeAll(async () => {
  t = await startLineWorksKyodo();
});
afterAll(async () => {
  await t?.dispose();
});
beforeEach(() => t.works.reset());

const changes = async () => ({
  inbox: await inboxDbOf(t.kyodo.db).inboxEvent.count(),
  identities: await t.kyodo.db.chatIdentity.count(),
});

describe("LINE WORKS callback", () => {
  it("refuses a forged, altered or unsigned callback with 401 and changes nothing", async () => {
    const before = await changes();
    const event = textEvent({ userId: "intruder", text: `link ${await t.kyodo.codeFor("yamada")}` });
    const body = JSON.stringify(event);
    expect((await postCallback(t.kyodo.baseUrl, body, { secret: "not-the-bot-secret" })).status).toBe(401);
    expect((await postCallback(t.kyodo.baseUrl, body, { signature: null })).status).toBe(401);
    // Signed, then altered by one character on the way: the signature covers the raw body.
    expect((await postCallback(t.kyodo.baseUrl, body.replace('"intruder"', '"intruded"'), { signature: sign(body) })).status).toBe(401);
    expect((await postCallback(t.kyodo.baseUrl, body, { signature: "garbage" })).status).toBe(401);
    await t.adapter.idle();
    expect(await changes()).toEqual(before);
    expect(t.works.calls).toEqual([]);
  });

  it("refuses a signed body of the wrong shape, or for another bot, with 400", async () => {
    const before = await changes();
    for (const body of ["null", "{}", '{"type":"message","source":{"userId":"u"},"issuedTime":"2026-12-03T00:00:00.000Z"}', "not json"]) {
      expect((await postCallback(t.kyodo.baseUrl, body)).status).toBe(400);
    }
    expect((await postCallback(t.kyodo.baseUrl, textEvent({ userId: "u1", text: "help" }), { botId: "9999999" })).status).toBe(400);
    expect(await changes()).toEqual(before);
  });

  it("links with `link <code>` in the 1:1 talk and answers there", async () => {
    await t.send(textEvent({ userId: "user-suzuki", text: `link ${await t.kyodo.codeFor("suzuki")}` }));
    expect(deliveredText(t.works.deliveriesTo("users/user-suzuki"))).toContain("連携しました");
    const identity = await t.kyodo.db.chatIdentity.findFirstOrThrow({ where: { platform: "lineworks", externalUserId: "user-suzuki" } });
    expect(identity.workspace).toBe("40029600");
    // The token request and the send both carried what LINE WORKS documents.
    expect(t.works.callsTo("/oauth2/v2.0/token").length).toBeGreaterThan(0);
    expect(t.works.callsTo(`/v1.0/bots/${BOT_ID}/users/user-suzuki/messages`).every((c) => c.status === 201)).toBe(true);
  });

  it("answers a double tap of one button once, never with 'out of date' for the second press", async () => {
    await t.send(textEvent({ userId: "user-double", text: `link ${await t.kyodo.codeFor("yamada")}` }));
    await t.send(textEvent({ userId: "user-double", text: "lang" }));
    const english = buttonsOf(t.works.deliveriesTo("users/user-double").at(-1)?.content).find((b) => b.label === "English")!;
    t.works.reset();
    // Two taps: two callbacks with their own issue times (so their own event ids), arriving together.
    const tap = () => buttonEvent({ userId: "user-double", text: english.text ?? english.label, postback: english.postback });
    await Promise.all([t.send(tap()), t.send(tap())]);
    const answers = deliveredText(t.works.deliveriesTo("users/user-double"));
    expect(answers).toBe("Kyodo will now answer you in English.");
  });

  it("takes a repeated callback once: the same signed body twice changes and answers once", async () => {
    const event = textEvent({ userId: "user-sato", text: `link ${await t.kyodo.codeFor("sato")}` });
    await t.send(event);
    const inboxAfterFirst = await inboxDbOf(t.kyodo.db).inboxEvent.count();
    const answersAfterFirst = t.works.deliveries.length;
    expect(answersAfterFirst).toBeGreaterThan(0);
    await t.send(event);
    expect(await inboxDbOf(t.kyodo.db).inboxEvent.count()).toBe(inboxAfterFirst);
    expect(t.works.deliveries.length).toBe(answersAfterFirst);
    // The same words a millisecond later are a new message, and get their own answer.
    await t.send(textEvent({ userId: "user-sato", text: "help" }));
    expect(await inboxDbOf(t.kyodo.db).inboxEvent.count()).toBe(inboxAfterFirst + 1);
  });

  it("in a talk room answers only what is addressed to it, and greets when invited", async () => {
    const room = "room-soukai-0001";
    await t.send(joinEvent({ channelId: room }));
    expect(deliveredText(t.works.deliveriesTo(`channels/${room}`))).toContain("/kyodo");
    t.works.reset();
    await t.send(textEvent({ userId: "user-suzuki", channelId: room, text: "お疲れさまです" }));
    expect(t.works.deliveries).toEqual([]);
    await t.send(textEvent({ userId: "user-suzuki", channelId: room, text: "/kyodo help" }));
    expect(t.works.deliveriesTo(`channels/${room}`).length).toBeGreaterThan(0);
  });

  it("hints in a 1:1 talk that only text is read, and says an expired button has expired", async () => {
    await t.send(stickerEvent({ userId: "user-new" }));
    expect(deliveredText(t.works.deliveriesTo("users/user-new"))).toContain("文字のメッセージだけ");
    t.works.reset();
    await t.send(buttonEvent({ userId: "user-new", text: "賛成", postback: "k|no-such-key" }));
    expect(deliveredText(t.works.deliveriesTo("users/user-new"))).toContain("有効期限");
  });

  it("runs the command of a persistent-menu button (a message action whose postback names it)", async () => {
    const menu = persistentMenuActions() as Array<{ label: string; text: string; postback: string }>;
    const help = menu.find((a) => a.label === "ヘルプ")!;
    await t.send(buttonEvent({ userId: "user-suzuki", text: help.text, postback: help.postback }));
    const answer = deliveredText(t.works.deliveriesTo("users/user-suzuki"));
    expect(answer).toContain("vote");
    expect(answer).not.toContain("コマンドはありません");
  });
});

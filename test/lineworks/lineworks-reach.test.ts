// Reaching people on LINE WORKS: a talk room linked to an organ gets the ballot notice; pressing
// 「表決する」 there starts the vote in the member's 1:1 talk with Kyodo (the bot writes to users/<id>
// directly), and the room never sees the member's choices. A broadcast written in chat by the
// secretariat reaches linked members in their 1:1 talks, once each, and the ballot's reminder reaches the
// seats that have not voted.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findPerson } from "../../src/domain/people/find-person.ts";
import { createExampleBallot, jst } from "../motions/support.ts";
import { buttonEvent, textEvent } from "./support/lineworks-callback.ts";
import { buttonsOf, deliveredText, startLineWorksKyodo, talkOf, type LineWorksKyodo } from "./support/lineworks-kyodo.ts";

let t: LineWorksKyodo;
// A Tuesday morning in Tokyo: within office hours, so a broadcast goes out at once.
let now = jst("2026-11-24T10:00:00");
const ROOM = "room-sokai-7f3a";
const yamada = "works-yamada";
const tanaka = "works-tanaka";
const DAY = 86_400_000;

beforeAll(async () => {
  t = await startLineWorksKyodo({ clock: () => now });
  await t.send(textEvent({ userId: yamada, text: `link ${await t.kyodo.codeFor("yamada")}` }));
  await t.send(textEvent({ userId: yamada, channelId: ROOM, text: "/kyodo link-organ sokai" }));
  // tanaka links inside the talk room: no 1:1 talk with Kyodo yet.
  await t.send(textEvent({ userId: tanaka, channelId: ROOM, text: `/kyodo link ${await t.kyodo.codeFor("tanaka")}` }));
});
afterAll(async () => {
  await t?.dispose();
});

describe("reaching people on LINE WORKS", () => {
  it("links the talk room to the organ, and a member who linked there is reachable in their 1:1 talk", async () => {
    const link = await t.kyodo.db.organConversation.findFirstOrThrow({ where: { platform: "lineworks" } });
    expect(JSON.parse(link.target)).toMatchObject({ conversationId: `channels/${ROOM}` });
    const person = await findPerson(t.kyodo.db, t.kyodo.council.id, "tanaka");
    const identity = await t.kyodo.db.chatIdentity.findFirstOrThrow({ where: { personId: person.id, platform: "lineworks" } });
    expect(JSON.parse(identity.directRef!)).toMatchObject({ conversationId: `users/${tanaka}`, isDirect: true });
  });

  it("「表決する」 in the talk room runs the vote in the member's 1:1 talk, leaving no choices in the room", async () => {
    await createExampleBallot(t.kyodo, now, { deadline: new Date(now.getTime() + 7 * DAY) });
    t.works.reset();
    await t.kyodo.outbox.flush(new Date(now.getTime() + 3 * DAY));
    expect(deliveredText(t.works.deliveriesTo(`users/${tanaka}`))).toContain("表決をお願いします");
    const notice = t.works.deliveriesTo(`channels/${ROOM}`).find((d) => buttonsOf(d.content).some((b) => b.label === "表決する"));
    const button = buttonsOf(notice?.content).find((b) => b.label === "表決する")!;
    expect(button).toBeTruthy();

    t.works.reset();
    await t.send(buttonEvent({ userId: tanaka, channelId: ROOM, text: button.label, postback: button.postback }));
    const inRoom = deliveredText(t.works.deliveriesTo(`channels/${ROOM}`));
    expect(inRoom).toContain("ダイレクトメッセージでお送りしました");
    expect(inRoom).not.toContain("全議案に賛成");
    expect(deliveredText(t.works.deliveriesTo(`users/${tanaka}`))).toContain("どのように表決しますか？");

    // The typed answer in the 1:1 talk finishes the vote started in the room; the receipt stays there.
    t.works.reset();
    const receipt = await talkOf(t, tanaka).say("全議案反対");
    expect(receipt.text).toContain("表決を受け付けました");
    expect(t.works.deliveriesTo(`channels/${ROOM}`)).toHaveLength(0);

    const person = await findPerson(t.kyodo.db, t.kyodo.council.id, "tanaka");
    const votes = await t.kyodo.db.motionVote.findMany({ where: { personId: person.id, current: true } });
    expect(votes.map((v) => v.choice)).toEqual(["against", "against", "against", "against"]);
  });

  it("a broadcast written in chat reaches linked members in their 1:1 talks, once each", async () => {
    now = jst("2026-11-25T10:00:00");
    const secretariat = talkOf(t, yamada);
    expect((await secretariat.say("お知らせ")).text).toContain("送信先を選んでください");
    await secretariat.say("all");
    await secretariat.say("12月1日のシステム停止について: 9時から12時まで電子申請システムを停止します。");
    expect((await secretariat.say("now")).text).toContain("lineworks");
    expect((await secretariat.say("send")).text).toMatch(/を受け付けました/);
    t.works.reset();
    await t.kyodo.scheduler.tick(now);
    await t.kyodo.scheduler.tick(now);
    const notices = t.works.deliveries.filter((d) => deliveredText([d]).includes("システム停止"));
    expect(notices.map((d) => d.to).sort()).toEqual([`users/${tanaka}`, `users/${yamada}`]);
  });

  it("reminds on LINE WORKS the seats that have not voted, and not the member who did", async () => {
    now = jst("2026-11-26T10:30:00");
    t.works.reset();
    await t.kyodo.scheduler.tick(now);
    expect(deliveredText(t.works.deliveriesTo(`users/${yamada}`))).toContain("まであと3営業日です");
    expect(deliveredText(t.works.deliveriesTo(`users/${tanaka}`))).not.toContain("営業日");
  });
});

// Buttons and menus end to end against the fake Mattermost: the callback carries the context Kyodo
// signed (a forged or altered one gets 401 and changes nothing), a pressed post is edited in place to
// "✅ 選択済み", a double click acts once, ephemeral answers continue through the command's response
// URL, a press on a Kyodo post in a group channel is answered privately, and an inquiry is answered
// entirely through Mattermost.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createInquiry } from "../../src/domain/inquiries/create-inquiry.ts";
import { findPerson } from "../../src/domain/people/find-person.ts";
import { buttonsOf, readable, type CommandResponse } from "./support/fake-mattermost.ts";
import { startMattermostKyodo, type MattermostKyodo } from "./support/mattermost-kyodo.ts";

let t: MattermostKyodo;
beforeAll(async () => {
  t = await startMattermostKyodo({ MATTERMOST_WEBSOCKET: "off" });
});
afterAll(async () => {
  await t?.dispose();
});
beforeEach(() => {
  t.mm.reset();
});

const postAction = (body: unknown) =>
  fetch(`${t.kyodo.baseUrl}/mattermost/actions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("Mattermost buttons and menus", () => {
  it("a button in the direct channel: the post is edited in place, and a double click acts once", async () => {
    const tanaka = t.mm.person("tanaka");
    const dm = t.mm.dmOf(tanaka);
    await t.link(tanaka, "tanaka");
    await t.mm.slash(tanaka, dm, "lang");
    const question = t.mm.lastIn(dm.id);
    expect(readable(question)).toContain("表示言語を選んでください");
    expect(buttonsOf(question)).toEqual(["日本語", "English"]);

    const before = t.mm.seenIn(dm.id).length;
    const presses = await Promise.all([t.mm.press(tanaka, question, "English"), t.mm.press(tanaka, question, "English")]);
    expect(presses.map((p) => p.status)).toEqual([200, 200]);
    await t.settle();
    const replies = t.mm.seenIn(dm.id).slice(before);
    expect(replies.map((p) => p.message)).toEqual(["Kyodo will now answer you in English."]);
    // The question stays readable, its buttons are gone, the choice is shown.
    expect(t.mm.callsTo("PUT", /^\/api\/v4\/posts\//)).toHaveLength(1);
    expect(question.edits).toBe(1);
    expect(buttonsOf(question)).toEqual([]);
    expect(readable(question)).toContain("表示言語を選んでください");
    expect(readable(question)).toContain("✅ 選択済み: English");
    const person = await findPerson(t.kyodo.db, t.kyodo.council.id, "tanaka");
    expect((await t.kyodo.db.person.findUniqueOrThrow({ where: { id: person.id } })).locale).toBe("en");
  });

  it("refuses a callback whose context Kyodo did not sign, or altered, with 401", async () => {
    const tanaka = t.mm.person("tanaka");
    const dm = t.mm.dmOf(tanaka);
    await t.mm.slash(tanaka, dm, "lang");
    const question = t.mm.lastIn(dm.id);
    const context = question.props.attachments?.[0]?.actions?.[0]?.integration?.context ?? {};
    expect(typeof context.kyodo).toBe("string");
    const signed = context.kyodo as string;
    const request = { user_id: tanaka.id, channel_id: dm.id, post_id: question.id, type: "button" };
    const before = await t.kyodo.db.processedEvent.count();

    expect((await postAction({ ...request, context: { kyodo: signed, sig: "0".repeat(64) } })).status).toBe(401);
    const altered = signed.replace('"v":"ja"', '"v":"en"');
    expect(altered).not.toBe(signed);
    expect((await postAction({ ...request, context: { ...context, kyodo: altered } })).status).toBe(401);
    expect((await postAction({ ...request })).status).toBe(401);
    expect((await postAction({ type: "dialog_submission", user_id: tanaka.id, state: "forged.state", submission: {} })).status).toBe(401);
    expect((await fetch(`${t.kyodo.baseUrl}/mattermost/actions`, { method: "POST", body: "{not json" })).status).toBe(400);
    await t.settle();
    expect(await t.kyodo.db.processedEvent.count()).toBe(before);
    expect(t.mm.callsTo("PUT", /^\/api\/v4\/posts\//)).toEqual([]);
  });

  it("an ephemeral answer's buttons continue through the command's response URL, on the internal host", async () => {
    const sato = t.mm.person("sato");
    await t.link(sato, "sato");
    const townSquare = t.mm.channel("town-square");
    // A one-shot command (a flow started here would continue in the direct channel: test/reach).
    await t.mm.slash(sato, townSquare, "home");
    const question = t.mm.lastIn(townSquare.id, sato);
    expect(question.ephemeralFor).toBe(sato.id);
    await t.mm.press(sato, question, "登録内容");
    await t.settle();
    // Mattermost cannot edit an ephemeral post; the answer arrives ephemerally through the hook.
    expect(t.mm.callsTo("PUT", /^\/api\/v4\/posts\//)).toEqual([]);
    const hooks = t.mm.callsTo("POST", /^\/hooks\/commands\//);
    expect(hooks).toHaveLength(1);
    const response = hooks[0]!.body as CommandResponse;
    expect(response).toMatchObject({ response_type: "ephemeral" });
    expect(response.text).toContain("佐藤 一郎");
    const answer = t.mm.lastIn(townSquare.id, sato);
    expect(answer.ephemeralFor).toBe(sato.id);
    expect(t.mm.seenIn(townSquare.id, t.mm.person("someone-else"))).toEqual([]);
  });

  it("a press on a Kyodo post in a group channel is answered in the person's direct channel", async () => {
    const watanabe = t.mm.person("watanabe");
    await t.link(watanabe, "watanabe");
    const group = t.mm.channel("sokai-members");
    await t.adapter.post(
      { platform: "mattermost", workspace: new URL(t.mm.url).host, conversationId: group.id },
      {
        text: "お知らせ",
        blocks: [
          { type: "text", text: "総会のお知らせです。" },
          { type: "choices", actionId: "cmd", choices: [{ label: "自分の登録内容", value: "me" }] },
        ],
      },
    );
    const notice = t.mm.lastIn(group.id);
    const answer = await t.mm.press(watanabe, notice, "自分の登録内容");
    expect(answer.body.ephemeral_text).toContain("ダイレクトメッセージ");
    expect(readable(t.mm.lastIn(t.mm.dmOf(watanabe).id))).toContain("渡辺");
    // Nothing about the person was posted in front of the group, and the notice keeps its button for the others.
    expect(t.mm.seenIn(group.id).filter((p) => !p.ephemeralFor)).toHaveLength(1);
    expect(notice.edits).toBe(0);
    expect(buttonsOf(notice)).toEqual(["自分の登録内容"]);
  });

  it("an inquiry answered entirely through Mattermost", async () => {
    const takahashi = t.mm.person("takahashi");
    const dm = t.mm.dmOf(takahashi);
    await t.link(takahashi, "takahashi");
    const yamada = await findPerson(t.kyodo.db, t.kyodo.council.id, "yamada");
    const now = new Date();
    const inquiry = await createInquiry(
      t.kyodo.db,
      {
        councilId: t.kyodo.council.id,
        title: "AI議事録の利用状況",
        dueAt: new Date(now.getTime() + 7 * 86_400_000),
        createdById: yamada.id,
      },
      now,
      "Asia/Tokyo",
    );
    await t.mm.slash(takahashi, dm, `inquiry ${inquiry.number}`);
    const shown = t.mm.lastIn(dm.id);
    expect(readable(shown)).toContain("AI議事録の利用状況");
    expect(shown.message).toContain("`"); // the progress bar, in a code span
    await t.mm.press(takahashi, shown, "回答済みにする");
    await t.settle();
    expect(readable(t.mm.lastIn(dm.id))).toContain(`照会${inquiry.number}について、銚子市の回答済みを記録しました`);
    const responses = await t.kyodo.db.inquiryResponse.findMany({ where: { inquiryId: inquiry.id, current: true } });
    expect(responses).toHaveLength(1);
  });
});

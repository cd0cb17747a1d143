// A survey answered and a ballot voted entirely through LINE WORKS: signed callbacks into a real Kyodo,
// button templates and quick replies pressed (message actions: the label as text, the action in
// `postback`), typed answers for the rest, everything sent back to the fake LINE WORKS, and the results
// checked in Kyodo's database. Midway the access token stops being accepted: the receipt still arrives.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExampleBallot } from "../motions/support.ts";
import { createFromYaml } from "../surveys/support/surveys.ts";
import { textEvent } from "./support/lineworks-callback.ts";
import { deliveredText, startLineWorksKyodo, talkOf, type LineWorksKyodo } from "./support/lineworks-kyodo.ts";

let t: LineWorksKyodo;
let surveyId: string;

beforeAll(async () => {
  t = await startLineWorksKyodo();
  const now = new Date();
  surveyId = (await createFromYaml(t.kyodo, now)).survey.id;
  await createExampleBallot(t.kyodo, now, { deadline: new Date(now.getTime() + 7 * 86_400_000) });
  for (const [user, handle] of [
    ["works-sato", "sato"],
    ["works-tanaka", "tanaka"],
  ]) {
    await t.send(textEvent({ userId: user!, text: `link ${await t.kyodo.codeFor(handle!)}` }));
    expect(deliveredText(t.works.deliveriesTo(`users/${user}`))).toContain("連携しました");
  }
});
afterAll(async () => {
  await t?.dispose();
});

describe("surveys and ballots through LINE WORKS", () => {
  it("answers a survey with buttons and typed text, and gets a receipt", async () => {
    const talk = talkOf(t, "works-sato");
    let step = await talk.say("回答 1");
    expect(step.text).toContain("問1（全8問・必須） 令和9年度の共同調達に参加しますか。");
    expect(step.last?.type).toBe("button_template");
    expect(step.buttons.map((b) => b.label)).toEqual(["参加する", "検討中", "参加しない", "戻る"]);
    step = await talk.press(step.last, "参加する");
    expect(step.text).toContain("問2（全8問・必須） 必要なライセンス数");
    step = await talk.say("１２");
    expect(step.text).toContain("問3");
    step = await talk.say("R9.4.1");
    expect(step.text).toContain("「AI議事録作成」で希望するオプション");
    step = await talk.press(step.last, "☐ 導入コンサル");
    expect(step.buttons.map((b) => b.label)).toContain("☑ 導入コンサル");
    step = await talk.press(step.last, "決定して次へ");
    expect(step.text).toContain("「音声文字起こし」で希望するオプション");
    step = await talk.press(step.last, "決定して次へ");
    expect(step.text).toContain("問5");
    step = await talk.say("議会、庁内会議");
    step = await talk.press(step.last, "はい");
    expect(step.text).toContain("問7");
    step = await talk.press(step.last, "文書管理・電子決裁");
    step = await talk.press(step.last, "電子契約");
    expect(step.text).toContain("問8");
    step = await talk.say("特になし");
    expect(step.text).toContain("回答内容の確認");
    // The token LINE WORKS issued stops working: the receipt is sent with a renewed one, not lost.
    const grants = t.works.grants.length;
    t.works.expireTokens();
    step = await talk.press(step.last, "確定する");
    expect(step.text).toContain("回答を受け付けました");
    expect(t.works.grants.length).toBe(grants + 1);

    const current = await t.kyodo.db.surveySubmission.findFirstOrThrow({ where: { surveyId, current: true } });
    expect(current.via).toBe("lineworks");
    expect(JSON.parse(current.answers)).toEqual({
      join: "join",
      licences: 12,
      start: "2027-04-01",
      options: { minutes: ["consulting"], transcription: [] },
      uses: ["council", "internal"],
      wg: "yes",
      "next-candidates": ["document", "e-contract"],
      comment: "特になし",
    });
  });

  it("votes one motion with a button and the rest in one typed message, each with a receipt", async () => {
    const talk = talkOf(t, "works-tanaka");
    let step = await talk.say("投票");
    expect(step.text).toContain("表決1 平成29年度第2回総会（書面表決）");
    expect(step.buttons.map((b) => b.label)).toEqual(["全議案に賛成", "議案ごとに表決する"]);
    step = await talk.press(step.last, "議案ごとに表決する");
    expect(step.text).toContain("表決してください: 議案1");
    expect(step.buttons.map((b) => b.label)).toEqual(["賛成", "反対", "棄権", "あとで"]);
    step = await talk.press(step.last, "反対");
    expect(step.text).toContain("表決を受け付けました");
    expect(step.text).toMatch(/[A-Z2-9]{4}-[A-Z2-9]{4}/);
    step = await talk.say("議案２：賛成\n議案３：賛成\n議案４：棄権");
    expect(step.text).toContain("すべての議案の表決を受け付けました");

    const person = await t.kyodo.db.person.findFirstOrThrow({ where: { handle: "tanaka" } });
    const votes = await t.kyodo.db.motionVote.findMany({ where: { personId: person.id, current: true } });
    expect(votes.map((v) => v.choice).sort()).toEqual(["abstain", "against", "for", "for"]);
    expect(new Set(votes.map((v) => v.channel))).toEqual(new Set(["lineworks"]));
    // Nothing Kyodo sent broke a documented limit.
    expect(t.works.calls.filter((c) => c.status === 400)).toEqual([]);
  });
});

// Answering a survey on LINE: signed webhooks into a real Kyodo, quick replies (postbacks) for the
// choices and typed text for the rest, answers sent back to a fake LINE API.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliveredText, quickReplyItems, startLineKyodo, type LineKyodo } from "../line/support/line-kyodo.ts";
import { postbackEvent, textEvent } from "../line/support/line-webhook.ts";
import { createFromYaml } from "./support/surveys.ts";

let t: LineKyodo;
let surveyId: string;
const USER = "U-sato-line";

beforeAll(async () => {
  t = await startLineKyodo();
  surveyId = (await createFromYaml(t.kyodo, new Date())).survey.id;
  await t.send(textEvent({ userId: USER, text: `link ${await t.kyodo.codeFor("sato")}` }));
  expect(deliveredText(t.line.deliveries)).toContain("連携しました");
});
afterAll(async () => {
  await t.dispose();
});

/** Sends one webhook and returns what Kyodo answered with, and the quick replies it offered. */
async function exchange(event: object): Promise<{ text: string; items: Array<{ label: string; data: string }> }> {
  t.line.reset();
  await t.send(event);
  return { text: deliveredText(t.line.deliveries), items: quickReplyItems(t.line.deliveries.at(-1)) };
}
const say = (text: string) => exchange(textEvent({ userId: USER, text }));
async function tap(items: Array<{ label: string; data: string }>, label: string) {
  const item = items.find((i) => i.label === label);
  if (!item) throw new Error(`no quick reply "${label}" in ${items.map((i) => i.label).join(" | ")}`);
  return exchange(postbackEvent({ userId: USER, data: item.data }));
}

describe("answering a survey on LINE", () => {
  it("quick replies for choices, typed text for numbers, dates and free text, then a receipt", async () => {
    let step = await say("回答 1");
    expect(step.text).toContain("問1（全8問・必須） 令和9年度の共同調達に参加しますか。");
    expect(step.items.map((i) => i.label)).toEqual(["参加する", "検討中", "参加しない", "戻る"]);
    step = await tap(step.items, "参加する");
    expect(step.text).toContain("問2（全8問・必須） 必要なライセンス数");
    step = await say("１２");
    expect(step.text).toContain("問3");
    step = await say("R9.4.1");
    expect(step.text).toContain("「AI議事録作成」で希望するオプション");
    step = await tap(step.items, "☐ 導入コンサル");
    expect(step.items.map((i) => i.label)).toContain("☑ 導入コンサル");
    step = await tap(step.items, "決定して次へ");
    expect(step.text).toContain("「音声文字起こし」で希望するオプション");
    step = await tap(step.items, "決定して次へ");
    expect(step.text).toContain("問5");
    step = await say("議会、庁内会議");
    step = await tap(step.items, "はい");
    expect(step.text).toContain("問7");
    step = await tap(step.items, "文書管理・電子決裁");
    expect(step.items.map((i) => i.label)).toEqual(["電子契約", "子育てアプリ", "RPA", "戻る"]);
    step = await tap(step.items, "電子契約");
    expect(step.text).toContain("問8");
    step = await say("特になし");
    expect(step.text).toContain("回答内容の確認");
    step = await tap(step.items, "確定する");
    expect(step.text).toContain("回答を受け付けました");
    expect(step.text).toMatch(/1-[A-Z2-9]{6}/);

    const current = await t.kyodo.db.surveySubmission.findFirstOrThrow({ where: { surveyId, current: true } });
    expect(current.via).toBe("line");
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
});

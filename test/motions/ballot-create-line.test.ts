// Creating a ballot on LINE, where no form opens: signed webhooks into a real Kyodo, answers through the
// fake LINE API. The secretariat answers one question at a time (the organ and the rules by quick
// reply), types the motions in one message of several lines, and confirms the preview.
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliveredText, quickReplyItems, startLineKyodo, type LineKyodo } from "../line/support/line-kyodo.ts";
import { postbackEvent, textEvent } from "../line/support/line-webhook.ts";

let t: LineKyodo;
const future = DateTime.now().setZone("Asia/Tokyo").plus({ days: 20 });
const reiwa = `令和${future.year - 2018}年${future.month}月${future.day}日`;
const user = "U-yamada-line";

beforeAll(async () => {
  t = await startLineKyodo();
  await t.send(textEvent({ userId: user, text: `link ${await t.kyodo.codeFor("yamada")}` }));
  t.line.reset();
});
afterAll(async () => {
  await t.dispose();
});

async function say(text: string): Promise<string> {
  t.line.reset();
  await t.send(textEvent({ userId: user, text }));
  return deliveredText(t.line.deliveries);
}

async function tap(label: string): Promise<string> {
  const item = quickReplyItems(t.line.deliveries.at(-1)).find((i) => i.label === label);
  if (!item) throw new Error(`no quick reply "${label}" in ${JSON.stringify(quickReplyItems(t.line.deliveries.at(-1)))}`);
  t.line.reset();
  await t.send(postbackEvent({ userId: user, data: item.data }));
  return deliveredText(t.line.deliveries);
}

describe("creating a ballot on LINE", () => {
  it("asks step by step with quick replies, refuses an unknown organ and a past deadline, then creates", async () => {
    expect(await say("表決 作成")).toContain("表決の件名を入力してください");
    expect(await say("令和8年度臨時総会（書面表決）")).toContain("どの会議体の表決ですか。");
    expect(quickReplyItems(t.line.deliveries.at(-1)).map((i) => i.label)).toContain("総会");
    expect(await say("理事会")).toContain("「理事会」という会議体は見つかりません。");
    expect(await tap("総会")).toContain("期限を入力してください");
    expect(await say("令和2年1月10日")).toContain("期限が過去の日時です。");
    expect(await say(reiwa)).toContain("開始日時を入力するか");
    expect(await tap("今すぐ開始")).toContain("議決の規則を選んでください。");
    expect(await tap("通常（出席者の過半数）")).toContain("議案を入力してください");
    expect(await say("1 令和8年度補正予算について\n2 監事の選任について")).toContain("議案2件を受け付けました");
    const preview = await tap("以上");
    expect(preview).toContain("表決の作成（確認）");
    expect(preview).toContain("議案2 監事の選任について");
    const created = await tap("作成する");
    expect(created).toContain("「表決1 令和8年度臨時総会（書面表決）」を作成しました（総会");
    expect(await t.kyodo.db.ballot.count()).toBe(1);
  });
});

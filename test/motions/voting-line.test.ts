// Voting on LINE end to end: signed webhooks into a real Kyodo, answers through a fake LINE API. The
// committee member opens the ballot, answers one motion with a quick-reply button (a postback) and the
// rest in one typed message; each step gets a receipt, and the votes are recorded as cast on LINE.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliveredText, quickReplyItems, startLineKyodo, type LineKyodo } from "../line/support/line-kyodo.ts";
import { postbackEvent, textEvent } from "../line/support/line-webhook.ts";
import { createExampleBallot } from "./support.ts";

let t: LineKyodo;
const user = "U-tanaka-line";

beforeAll(async () => {
  t = await startLineKyodo();
  await t.send(textEvent({ userId: user, text: `link ${await t.kyodo.codeFor("tanaka")}` }));
  const now = new Date();
  await createExampleBallot(t.kyodo, now, { deadline: new Date(now.getTime() + 7 * 86_400_000) });
  t.line.reset();
});
afterAll(async () => {
  await t.dispose();
});

const item = (label: string) => {
  const found = quickReplyItems(t.line.deliveries.at(-1)).find((i) => i.label === label || i.displayText === label);
  if (!found) throw new Error(`no quick reply "${label}" in ${JSON.stringify(quickReplyItems(t.line.deliveries.at(-1)))}`);
  return found;
};

describe("voting on LINE", () => {
  it("opens the ballot with quick replies, votes by postback and by typed text", async () => {
    await t.send(textEvent({ userId: user, text: "投票" }));
    const card = deliveredText(t.line.deliveries);
    expect(card).toContain("表決1 平成29年度第2回総会（書面表決）");
    expect(card).toContain("我孫子市（委員）");
    expect(quickReplyItems(t.line.deliveries.at(-1)).map((i) => i.label)).toEqual(["全議案に賛成", "議案ごとに表決する"]);

    const oneByOne = item("議案ごとに表決する");
    t.line.reset();
    await t.send(postbackEvent({ userId: user, data: oneByOne.data }));
    expect(deliveredText(t.line.deliveries)).toContain("表決してください: 議案1");
    expect(quickReplyItems(t.line.deliveries.at(-1)).map((i) => i.label)).toEqual(["賛成", "反対", "棄権", "あとで"]);

    const against = item("反対");
    t.line.reset();
    await t.send(postbackEvent({ userId: user, data: against.data }));
    const receipt = deliveredText(t.line.deliveries);
    expect(receipt).toContain("表決を受け付けました");
    expect(receipt).toMatch(/[A-Z2-9]{4}-[A-Z2-9]{4}/);
    expect(receipt).toContain("表決してください: 議案2");

    t.line.reset();
    await t.send(textEvent({ userId: user, text: "議案２：賛成\n議案３：賛成\n議案４：棄権" }));
    const last = deliveredText(t.line.deliveries);
    expect(last).toContain("（3件）");
    expect(last).toContain("すべての議案の表決を受け付けました");

    const person = await t.kyodo.db.person.findFirstOrThrow({ where: { handle: "tanaka" } });
    const votes = await t.kyodo.db.motionVote.findMany({ where: { personId: person.id, current: true } });
    expect(votes.map((v) => v.choice).sort()).toEqual(["abstain", "against", "for", "for"]);
    expect(new Set(votes.map((v) => v.channel))).toEqual(new Set(["line"]));
  });
});

// A survey answered and a ballot voted entirely through the generic webhook: typed texts and button
// presses sent back as actions by the fake chat service, answers read from Kyodo's signed deliveries.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WebhookChatAdapter } from "../../src/adapters/webhook/webhook-adapter.ts";
import type { Delivery } from "../../scripts/webhook-chat-client.ts";
import { createExampleBallot } from "../motions/support.ts";
import { createFromYaml } from "../surveys/support/surveys.ts";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";
import { FakeChatService, pressOf, SECRET, textOf } from "./support/fake-chat-service.ts";

let chat: FakeChatService;
let kyodo: TestKyodo;
let adapter: WebhookChatAdapter;
let surveyId: string;
let n = 0;

beforeAll(async () => {
  chat = await FakeChatService.start();
  kyodo = await startTestKyodo({ WEBHOOK_CHAT_SECRET: SECRET, WEBHOOK_CHAT_OUTGOING_URL: chat.outgoingUrl });
  chat.kyodoUrl = kyodo.baseUrl;
  adapter = kyodo.channels.find((c) => c.adapter.platform === "webhook")!.adapter as WebhookChatAdapter;
  const now = new Date();
  surveyId = (await createFromYaml(kyodo, now)).survey.id;
  await createExampleBallot(kyodo, now, { deadline: new Date(now.getTime() + 7 * 86_400_000) });
});
afterAll(async () => {
  await kyodo?.dispose();
  await chat?.close();
});

/** One person's conversation: what they send, and the deliveries Kyodo answered with. */
function person(user: string) {
  const send = async (content: { text?: string; action?: { actionId: string; value: string } }) => {
    n += 1;
    const before = chat.shown.length;
    const answer = await chat.send({
      eventId: `sv-${n}`,
      workspace: "city-chat",
      user: { id: user },
      conversation: { id: `dm-${user}`, direct: true },
      ...content,
    });
    expect(answer.status).toBe(202);
    await adapter.idle();
    const shown = chat.shown.slice(before);
    expect(shown.length).toBeGreaterThan(0);
    return { text: textOf(shown), last: shown.at(-1)! };
  };
  return {
    say: (text: string) => send({ text }),
    press: (delivery: Delivery, label: string) => send({ action: pressOf(delivery, label) }),
  };
}

describe("surveys and ballots through the generic webhook", () => {
  it("answers a survey with texts and button presses, and gets a receipt", async () => {
    const suzuki = person("u-suzuki");
    expect((await suzuki.say(`link ${await kyodo.codeFor("suzuki")}`)).text).toContain("さんとして登録されています");
    let step = await suzuki.say("回答 1");
    expect(step.text).toContain("問1（全8問・必須） 令和9年度の共同調達に参加しますか。");
    step = await suzuki.press(step.last, "検討中");
    expect(step.text).toContain("主な利用場面");
    step = await suzuki.press(step.last, "☐ 庁内会議");
    step = await suzuki.press(step.last, "☐ 窓口・聞き取り");
    step = await suzuki.press(step.last, "決定して次へ");
    expect(step.text).toContain("問6");
    step = await suzuki.say("いいえ");
    expect(step.text).toContain("問7");
    step = await suzuki.say("3,1");
    step = await suzuki.say("RPA を優先してほしい");
    expect(step.last.message.markdown).toContain("1位 子育てアプリ、2位 電子契約");
    step = await suzuki.press(step.last, "確定する");
    expect(step.text).toContain("回答を受け付けました");

    const current = await kyodo.db.surveySubmission.findFirstOrThrow({ where: { surveyId, current: true } });
    expect(current.via).toBe("webhook");
    expect(JSON.parse(current.answers)).toEqual({
      join: "undecided",
      uses: ["internal", "interview"],
      wg: "no",
      "next-candidates": ["childcare", "e-contract"],
      comment: "RPA を優先してほしい",
    });
  });

  it("votes for all motions with a button, then changes one vote in one line", async () => {
    const sato = person("u-sato");
    expect((await sato.say(`link ${await kyodo.codeFor("sato")}`)).text).toContain("さんとして登録されています");
    const shown = await sato.say("vote");
    expect(shown.text).toContain("どのように表決しますか？");
    const receipt = await sato.press(shown.last, "全議案に賛成");
    expect(receipt.text).toContain("表決を受け付けました");
    const changed = await sato.say("/kyodo vote 1 議案3 反対");
    expect(changed.text).toContain("賛成 から変更");

    const record = await kyodo.db.person.findFirstOrThrow({ where: { handle: "sato" } });
    const votes = await kyodo.db.motionVote.findMany({ where: { personId: record.id } });
    expect(new Set(votes.map((v) => v.channel))).toEqual(new Set(["webhook"]));
    expect(
      votes
        .filter((v) => v.current)
        .map((v) => v.choice)
        .sort(),
    ).toEqual(["against", "for", "for", "for"]);
    const identity = await kyodo.db.chatIdentity.findFirstOrThrow({ where: { platform: "webhook", externalUserId: "u-sato" } });
    expect(identity.workspace).toBe("city-chat");
  });
});

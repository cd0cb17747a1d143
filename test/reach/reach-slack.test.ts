// Members who link in a Slack channel are reachable at once, personal flows leave the channel for the
// DM, and a refusal to open the DM is reported instead of silently dropping the person. Signed requests
// over real HTTP into a real Kyodo (Bolt receiving), answers through the fake Slack Web API, which opens
// DMs with conversations.open as Slack does (D… for U…) and can be told to refuse.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planBroadcast } from "../../src/domain/broadcasts/plan-broadcast.ts";
import { findPerson } from "../../src/domain/people/find-person.ts";
import type { ConversationRef } from "../../src/engine/messages.ts";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";
import { BOT_TOKEN, FakeSlack, type ApiCall } from "../slack/support/fake-slack.ts";
import {
  directMessage,
  dmOf,
  readable,
  sendEvent,
  sendSlash,
  SIGNING_SECRET,
  slashCommand,
  type SlackPerson,
} from "../slack/support/slack-requests.ts";
import { createExampleBallot } from "../motions/support.ts";

let fake: FakeSlack;
let kyodo: TestKyodo;
const sato: SlackPerson = { team: "T0001", user: "U0SATO" };
const yamada: SlackPerson = { team: "T0001", user: "U0YAMADA" };
const takahashi: SlackPerson = { team: "T0001", user: "U0TAKAHASHI" };
const CHANNEL = "C0GENERAL";
const WEEK = 7 * 86_400_000;

const textOf = (call: ApiCall) => `${call.args.text}\n${readable(call.args.blocks)}`;

/** A slash command in the channel; resolves with what Slack showed the person there (response URL). */
async function slashInChannel(person: SlackPerson, text: string): Promise<string> {
  const slash = slashCommand(person, text, fake.responseUrl(), CHANNEL);
  await sendSlash(kyodo.baseUrl, slash);
  const answers = await fake.waitFor(() => fake.responsesTo(slash.responseUrl).length > 0 && fake.responsesTo(slash.responseUrl));
  return answers.map((a) => `${a.body.text}\n${readable(a.body.blocks)}`).join("\n");
}

/** A DM to Kyodo; resolves with Kyodo's posts in that DM. */
async function dm(person: SlackPerson, text: string, expected = 1): Promise<string> {
  const sent = fake.mark();
  await sendEvent(kyodo.baseUrl, directMessage(person, text));
  const posts = await fake.waitFor(() => fake.postsTo(dmOf(person), sent).length >= expected && fake.postsTo(dmOf(person), sent));
  return posts.map(textOf).join("\n");
}

beforeAll(async () => {
  fake = await FakeSlack.start();
  kyodo = await startTestKyodo({ SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: fake.apiUrl });
  // The secretariat uses Kyodo in its DM, so notices about unreachable members can reach it.
  await dm(yamada, `link ${await kyodo.codeFor("yamada")}`);
});
afterAll(async () => {
  await kyodo?.dispose();
  await fake?.close();
});

describe("reaching people on Slack", () => {
  it("a member who links in a channel receives the next ballot call in a DM", async () => {
    const answer = await slashInChannel(sato, `link ${await kyodo.codeFor("sato")}`);
    expect(answer).toContain("佐藤 一郎");
    expect(fake.callsTo("conversations.open").map((c) => c.args.users)).toContain(sato.user);

    const now = new Date();
    await createExampleBallot(kyodo, now, { deadline: new Date(now.getTime() + WEEK) });
    await kyodo.outbox.flush(new Date(now.getTime() + 3 * 86_400_000));
    const calls = fake.postsTo(dmOf(sato)).map(textOf);
    expect(calls.some((t) => t.includes("表決をお願いします"))).toBe(true);
  });

  it("a vote started in the channel continues in the DM, where typing answers it; the channel sees no choices", async () => {
    const before = fake.mark();
    const inChannel = await slashInChannel(sato, "vote");
    expect(inChannel).toContain("ダイレクトメッセージでお送りしました");
    expect(inChannel).not.toContain("賛成");
    const [question] = await fake.waitFor(() => fake.postsTo(dmOf(sato), before).length > 0 && fake.postsTo(dmOf(sato), before).slice(-1));
    expect(textOf(question!)).toContain("どのように表決しますか？");
    // The first question says how to leave the flow.
    expect(textOf(question!)).toContain("キャンセル");

    // A command typed in the middle of the flow runs as a command…
    expect(await dm(sato, "lang en")).toContain("English");
    expect(await dm(sato, "lang ja")).toContain("日本語");
    // …and the flow is still there: typed choices answer it.
    const receipt = await dm(sato, "全議案賛成");
    expect(receipt).toContain("表決を受け付けました");

    const person = await findPerson(kyodo.db, kyodo.council.id, "sato");
    const votes = await kyodo.db.motionVote.findMany({ where: { personId: person.id, current: true } });
    expect(votes.map((v) => v.choice)).toEqual(["for", "for", "for", "for"]);
  });

  it("a vote given whole in the channel leaves no choices there; the receipt goes to the DM", async () => {
    const before = fake.mark();
    const inChannel = await slashInChannel(sato, "vote 1 議案3 反対");
    expect(inChannel).not.toContain("反対");
    expect(inChannel).toContain("ダイレクトメッセージでお送りしました");
    // The receipt may come with other DM posts (a note that all motions are voted), in either order: wait for it.
    const posts = await fake.waitFor(
      () => fake.postsTo(dmOf(sato), before).some((p) => textOf(p).includes("受付番号")) && fake.postsTo(dmOf(sato), before),
    );
    expect(posts.map((p) => textOf(p)).join("\n")).toContain("反対");
  });

  it("/kyodo <answer> in a channel answers the open question instead of 'no such command'", async () => {
    const asked = fake.mark();
    await slashInChannel(sato, "lang");
    const [question] = await fake.waitFor(() => fake.postsTo(dmOf(sato), asked).length > 0 && fake.postsTo(dmOf(sato), asked));
    expect(textOf(question!)).toContain("途中でやめるときは「キャンセル」");
    const before = fake.mark();
    const inChannel = await slashInChannel(sato, "en");
    expect(inChannel).not.toContain("コマンドはありません");
    const [changed] = await fake.waitFor(() => fake.postsTo(dmOf(sato), before).length > 0 && fake.postsTo(dmOf(sato), before));
    expect(textOf(changed!)).toContain("Kyodo will now answer you in English");
    await dm(sato, "lang ja");
  });

  it("someone not linked who writes a plain DM is told how to link", async () => {
    const stranger: SlackPerson = { team: "T0001", user: "U0STRANGER" };
    const answer = await dm(stranger, "こんにちは");
    expect(answer).toContain("連携 登録コード");
    expect(answer).not.toContain("コマンドはありません");
  });

  it("when Slack will not open the DM, the secretariat is told who and why, and so is the person, once", async () => {
    fake.failNext("conversations.open", { error: "user_disabled" });
    fake.failNext("conversations.open", { error: "user_disabled" });
    const linked = await slashInChannel(takahashi, `link ${await kyodo.codeFor("takahashi")}`);
    expect(linked).toContain("ダイレクトメッセージを送れません");
    expect(linked).toContain("slack:user_disabled");

    const person = await findPerson(kyodo.db, kyodo.council.id, "takahashi");
    const identity = await kyodo.db.chatIdentity.findFirstOrThrow({ where: { personId: person.id } });
    expect(identity).toMatchObject({ directRef: null, unreachableReason: "slack:user_disabled" });

    // The secretariat's notice goes through the outbox to yamada's DM.
    const notices = await kyodo.db.delivery.findMany({ where: { source: { startsWith: "unreachable:" } } });
    expect(notices).toHaveLength(1);
    await kyodo.outbox.flush(new Date(Date.now() + 3 * 86_400_000));
    const toSecretariat = fake.postsTo(dmOf(yamada)).map(textOf).join("\n");
    expect(toSecretariat).toContain("高橋");
    expect(toSecretariat).toContain("slack:user_disabled");

    // The broadcast recipient list shows them as unreachable, with the reason.
    const plan = await planBroadcast(kyodo.db, kyodo.council.id, { kind: "all" }, ["dm"], kyodo.trackers, new Date());
    expect(plan.unreachable.find((r) => r.personId === person.id)?.reason).toBe("slack:user_disabled");

    // The same refusal at the next contact is neither told again nor reported again.
    const again = await slashInChannel(takahashi, "me");
    expect(again).not.toContain("ダイレクトメッセージを送れません");
    expect(await kyodo.db.delivery.count({ where: { source: { startsWith: "unreachable:" } } })).toBe(1);

    // Once Slack opens it, the person is reachable and the refusal is forgotten.
    await slashInChannel(takahashi, "me");
    const reachable = await kyodo.db.chatIdentity.findFirstOrThrow({ where: { personId: person.id } });
    expect(reachable.unreachableReason).toBeNull();
    expect((JSON.parse(reachable.directRef!) as ConversationRef).conversationId).toBe(dmOf(takahashi));
  });
});

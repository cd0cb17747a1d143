// Buttons, DMs, @mentions and the App Home tab, end to end over real HTTP against a fake Slack: the
// message a person acted on is updated in place, a double click or a retried delivery has exactly one
// effect, and the Home tab is drawn from the engine's `home` command.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";
import { BOT_TOKEN, FakeSlack } from "./support/fake-slack.ts";
import {
  directMessage,
  dmOf,
  eventEnvelope,
  homeOpened,
  press,
  readable,
  sendEvent,
  sendInteraction,
  sendSlash,
  SIGNING_SECRET,
  slashCommand,
  type SlackPerson,
} from "./support/slack-requests.ts";

let fake: FakeSlack;
let kyodo: TestKyodo;

beforeAll(async () => {
  fake = await FakeSlack.start();
  kyodo = await startTestKyodo({ SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: fake.apiUrl });
});
afterAll(async () => {
  await kyodo?.dispose();
  await fake?.close();
});

async function link(person: SlackPerson, handle: string): Promise<void> {
  const slash = slashCommand(person, `link ${await kyodo.codeFor(handle)}`, fake.responseUrl());
  expect((await sendSlash(kyodo.baseUrl, slash)).status).toBe(200);
  const [answer] = await fake.waitFor(() => fake.responsesTo(slash.responseUrl).length > 0 && fake.responsesTo(slash.responseUrl));
  expect(answer!.body.text).toContain("登録されています");
}

const hasActions = (blocks: Array<{ type: string }> | undefined) => (blocks ?? []).some((b) => b.type === "actions");

describe("Slack interactions", () => {
  it("a button in a DM: the message is updated in place, and a double click acts once", async () => {
    const tanaka: SlackPerson = { team: "T0001", user: "U0TANAKA" };
    await link(tanaka, "tanaka");
    expect((await sendEvent(kyodo.baseUrl, directMessage(tanaka, "lang"))).status).toBe(200);
    const [question] = await fake.waitFor(() => fake.postsTo(dmOf(tanaka)).length > 0 && fake.postsTo(dmOf(tanaka)));
    expect(readable(question!.args.blocks)).toContain("言語を選んでください");

    const surface = {
      kind: "message" as const,
      channel: dmOf(tanaka),
      ts: question!.result!.ts,
      blocks: question!.args.blocks,
      text: question!.args.text,
      responseUrl: fake.responseUrl(),
    };
    const click = press(tanaka, surface, "English");
    const doubleClick = { ...click, actions: [{ ...click.actions[0], action_ts: `${Date.now() / 1000 + 0.2}` }] };
    const pressedAt = fake.mark();
    const acks = await Promise.all([sendInteraction(kyodo.baseUrl, click), sendInteraction(kyodo.baseUrl, doubleClick)]);
    expect(acks.map((a) => a.status)).toEqual([200, 200]);
    expect(Math.max(...acks.map((a) => a.ms))).toBeLessThan(1000);

    await fake.waitFor(() => fake.postsTo(dmOf(tanaka), pressedAt).length > 0);
    await fake.settle();
    const updates = fake.callsTo("chat.update");
    expect(updates).toHaveLength(1);
    expect(updates[0]!.args).toMatchObject({ channel: dmOf(tanaka), ts: question!.result!.ts });
    expect(hasActions(updates[0]!.args.blocks)).toBe(false);
    expect(readable(updates[0]!.args.blocks)).toContain("✅ 選択済み: English");
    expect(readable(updates[0]!.args.blocks)).toContain("言語を選んでください"); // the question stays readable
    const replies = fake.postsTo(dmOf(tanaka), pressedAt);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.args.text).toBe("Kyodo will now answer you in English.");
  });

  it("a button in an ephemeral slash-command answer is replaced through the response URL", async () => {
    const sato: SlackPerson = { team: "T0001", user: "U0SATO" };
    await link(sato, "sato");
    // In the DM with Kyodo: in a channel the flow would continue in the DM (test/reach).
    const slash = slashCommand(sato, "lang", fake.responseUrl(), dmOf(sato));
    await sendSlash(kyodo.baseUrl, slash);
    const [question] = await fake.waitFor(() => fake.responsesTo(slash.responseUrl).length > 0 && fake.responsesTo(slash.responseUrl));
    const actionUrl = fake.responseUrl();
    const click = press(
      sato,
      { kind: "ephemeral", channel: dmOf(sato), ts: "1700000000.000001", blocks: question!.body.blocks, responseUrl: actionUrl },
      "English",
    );
    await sendInteraction(kyodo.baseUrl, click);
    const posts = await fake.waitFor(() => fake.responsesTo(actionUrl).length >= 2 && fake.responsesTo(actionUrl));
    expect(posts[0]!.body.replace_original).toBe(true);
    expect(readable(posts[0]!.body.blocks)).toContain("✅ 選択済み: English");
    expect(hasActions(posts[0]!.body.blocks)).toBe(false);
    expect(posts[1]!.body).toMatchObject({
      response_type: "ephemeral",
      replace_original: false,
      text: "Kyodo will now answer you in English.",
    });
  });

  it("a retried event delivery (X-Slack-Retry-Num) is answered once", async () => {
    const watanabe: SlackPerson = { team: "T0001", user: "U0WATANABE" };
    await link(watanabe, "watanabe");
    const envelope = directMessage(watanabe, "me");
    const first = await sendEvent(kyodo.baseUrl, envelope);
    const retry = await sendEvent(kyodo.baseUrl, envelope, { retryNum: 1 });
    expect([first.status, retry.status]).toEqual([200, 200]);
    await fake.waitFor(() => fake.postsTo(dmOf(watanabe)).length > 0);
    await fake.settle();
    expect(fake.postsTo(dmOf(watanabe))).toHaveLength(1);
    expect(readable(fake.postsTo(dmOf(watanabe))[0]!.args.blocks)).toContain("渡辺");
  });

  it("an @mention is answered only to the person who asked, in the thread", async () => {
    const suzuki: SlackPerson = { team: "T0001", user: "U0SUZUKI" };
    const ts = `${Math.floor(Date.now() / 1000)}.000777`;
    await sendEvent(
      kyodo.baseUrl,
      eventEnvelope(suzuki, { type: "app_mention", user: suzuki.user, text: "<@UBOT> help", ts, channel: "C0GENERAL", event_ts: ts }),
    );
    const [answer] = await fake.waitFor(() => fake.callsTo("chat.postEphemeral").length > 0 && fake.callsTo("chat.postEphemeral"));
    expect(answer!.args).toMatchObject({ channel: "C0GENERAL", user: suzuki.user });
    expect(readable(answer!.args.blocks)).toContain("/kyodo link");
  });

  it("the Home tab shows the engine's home, and its buttons answer in the DM and redraw it", async () => {
    const takahashi: SlackPerson = { team: "T0001", user: "U0TAKAHASHI" };
    await link(takahashi, "takahashi");
    await sendEvent(kyodo.baseUrl, homeOpened(takahashi));
    const home = await fake.waitFor(() => fake.homes.get(takahashi.user));
    expect(home.type).toBe("home");
    expect(readable(home.blocks)).toContain("高橋 美咲 さんのホーム");
    expect(readable(home.blocks)).toContain("銚子市");

    const pressedAt = fake.mark();
    const click = press(takahashi, { kind: "home", view: home, blocks: home.blocks }, "会議体");
    await Promise.all([sendInteraction(kyodo.baseUrl, click), sendInteraction(kyodo.baseUrl, click)]);
    const [answer] = await fake.waitFor(
      () => fake.postsTo(dmOf(takahashi), pressedAt).length > 0 && fake.postsTo(dmOf(takahashi), pressedAt),
    );
    expect(readable(answer!.args.blocks)).toContain("幹事会");
    await fake.waitFor(() => fake.callsTo("views.publish").filter((c) => c.args.user_id === takahashi.user).length === 2);
    await fake.settle();
    expect(fake.postsTo(dmOf(takahashi), pressedAt)).toHaveLength(1);
    expect(fake.callsTo("views.publish").filter((c) => c.args.user_id === takahashi.user)).toHaveLength(2);
    expect(fake.callsTo("conversations.open").some((c) => c.args.users === takahashi.user)).toBe(true);

    // The redrawn Home tab has a new hash: pressing the same button again later is a new request.
    const redrawn = fake.homes.get(takahashi.user)!;
    expect(redrawn.hash).not.toBe(home.hash);
    await sendInteraction(kyodo.baseUrl, press(takahashi, { kind: "home", view: redrawn, blocks: redrawn.blocks }, "会議体"));
    await fake.waitFor(() => fake.postsTo(dmOf(takahashi), pressedAt).length === 2);
  });

  it("the Home tab of an unlinked person says how to link", async () => {
    const stranger: SlackPerson = { team: "T0001", user: "U0NEWCOMER" };
    await sendEvent(kyodo.baseUrl, homeOpened(stranger));
    const home = await fake.waitFor(() => fake.homes.get(stranger.user));
    expect(readable(home.blocks)).toContain("まだ Kyodo に連携されていません");
  });

  it("sends only Block Kit that Slack accepts", () => {
    expect(fake.problems).toEqual([]);
  });
});

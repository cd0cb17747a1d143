// Voting on Slack end to end: signed requests over real HTTP into a real Kyodo, answers through a fake
// Slack Web API. In a DM the committee member presses 「全議案に賛成」 (the question is updated in place
// and the receipt follows); with the slash command they change one vote in one line.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";
import { BOT_TOKEN, FakeSlack } from "../slack/support/fake-slack.ts";
import {
  directMessage,
  dmOf,
  press,
  readable,
  sendEvent,
  sendInteraction,
  sendSlash,
  SIGNING_SECRET,
  slashCommand,
  type SlackPerson,
} from "../slack/support/slack-requests.ts";
import { createExampleBallot } from "./support.ts";

let fake: FakeSlack;
let kyodo: TestKyodo;
const sato: SlackPerson = { team: "T0001", user: "U0SATO" };

beforeAll(async () => {
  fake = await FakeSlack.start();
  kyodo = await startTestKyodo({ SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: fake.apiUrl });
  const slash = slashCommand(sato, `link ${await kyodo.codeFor("sato")}`, fake.responseUrl());
  await sendSlash(kyodo.baseUrl, slash);
  await fake.waitFor(() => fake.responsesTo(slash.responseUrl).length > 0);
  const now = new Date();
  await createExampleBallot(kyodo, now, { deadline: new Date(now.getTime() + 7 * 86_400_000) });
});
afterAll(async () => {
  await kyodo?.dispose();
  await fake?.close();
});

describe("voting on Slack", () => {
  it("votes for all motions with a button in a DM, then changes one with the slash command", async () => {
    const startedAt = fake.mark();
    await sendEvent(kyodo.baseUrl, directMessage(sato, "vote"));
    const posts = await fake.waitFor(() => fake.postsTo(dmOf(sato), startedAt).length >= 2 && fake.postsTo(dmOf(sato), startedAt));
    expect(readable(posts[0]!.args.blocks)).toContain("表決1 平成29年度第2回総会（書面表決）");
    const question = posts.at(-1)!;
    expect(readable(question.args.blocks)).toContain("どのように表決しますか？");

    const pressedAt = fake.mark();
    const surface = {
      kind: "message" as const,
      channel: dmOf(sato),
      ts: question.result!.ts,
      blocks: question.args.blocks,
      text: question.args.text,
      responseUrl: fake.responseUrl(),
    };
    await sendInteraction(kyodo.baseUrl, press(sato, surface, "全議案に賛成"));
    const [receipt] = await fake.waitFor(() => fake.postsTo(dmOf(sato), pressedAt).length > 0 && fake.postsTo(dmOf(sato), pressedAt));
    expect(readable(receipt!.args.blocks)).toContain("表決を受け付けました");
    expect(receipt!.args.text).toContain(
      "議案4 千葉県電子自治体共同運営協議会会則の改正及び千葉県電子自治体共同運営協議会負担金取扱要領の廃止について: 賛成",
    );
    await fake.waitFor(() => fake.callsTo("chat.update").length > 0);
    expect(readable(fake.callsTo("chat.update")[0]!.args.blocks)).toContain("全議案に賛成");

    const slash = slashCommand(sato, "vote 1 議案3 反対", fake.responseUrl(), dmOf(sato));
    await sendSlash(kyodo.baseUrl, slash);
    const [answer] = await fake.waitFor(() => fake.responsesTo(slash.responseUrl).length > 0 && fake.responsesTo(slash.responseUrl));
    expect(readable(answer!.body.blocks)).toContain("賛成 から変更");

    const person = await kyodo.db.person.findFirstOrThrow({ where: { handle: "sato" } });
    const votes = await kyodo.db.motionVote.findMany({ where: { personId: person.id }, orderBy: { castAt: "asc" } });
    expect(votes).toHaveLength(5);
    expect(new Set(votes.map((v) => v.channel))).toEqual(new Set(["slack"]));
    expect(
      votes
        .filter((v) => v.current)
        .map((v) => v.choice)
        .sort(),
    ).toEqual(["against", "for", "for", "for"]);
  });
});

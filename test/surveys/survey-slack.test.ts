// Answering a survey on Slack: signed events and button presses over real HTTP into a real Kyodo,
// answers posted to a fake Slack API in the person's DM; typed answers and buttons mix freely.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";
import { BOT_TOKEN, FakeSlack, type ApiCall } from "../slack/support/fake-slack.ts";
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
import { createFromYaml } from "./support/surveys.ts";

let fake: FakeSlack;
let kyodo: TestKyodo;
let surveyId: string;
const suzuki: SlackPerson = { team: "T0001", user: "U0SUZUKI" };

beforeAll(async () => {
  fake = await FakeSlack.start();
  kyodo = await startTestKyodo({ SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: fake.apiUrl });
  surveyId = (await createFromYaml(kyodo, new Date())).survey.id;
  const slash = slashCommand(suzuki, `link ${await kyodo.codeFor("suzuki")}`, fake.responseUrl());
  await sendSlash(kyodo.baseUrl, slash);
  await fake.waitFor(() => fake.responsesTo(slash.responseUrl).length > 0);
});
afterAll(async () => {
  await kyodo?.dispose();
  await fake?.close();
});

const posts = (after: number): ApiCall[] =>
  fake.callsTo("chat.postMessage").filter((c) => c.args.channel === dmOf(suzuki) && c.at >= after);

/** Waits for Kyodo's answer in the DM; returns all it posted and the last message (the one with buttons). */
async function answered(after: number): Promise<{ text: string; last: ApiCall }> {
  await fake.waitFor(() => posts(after).length > 0);
  await fake.settle(150);
  const all = posts(after);
  return { text: all.map((c) => readable(c.args.blocks)).join("\n"), last: all.at(-1)! };
}

async function say(text: string) {
  const at = Date.now();
  await sendEvent(kyodo.baseUrl, directMessage(suzuki, text));
  return answered(at);
}

async function click(message: ApiCall, label: string) {
  const at = Date.now();
  const surface = {
    kind: "message" as const,
    channel: dmOf(suzuki),
    ts: message.result!.ts,
    blocks: message.args.blocks,
    text: message.args.text,
    responseUrl: fake.responseUrl(),
  };
  await sendInteraction(kyodo.baseUrl, press(suzuki, surface, label));
  return answered(at);
}

describe("answering a survey on Slack", () => {
  it("buttons and typed answers, back, the summary and a receipt", async () => {
    let step = await say("回答 1");
    expect(step.text).toContain("問1（全8問・必須） 令和9年度の共同調達に参加しますか。");
    step = await click(step.last, "検討中");
    expect(step.text).toContain("問5（全8問・必須） 主な利用場面");
    step = await click(step.last, "☐ 庁内会議");
    step = await click(step.last, "☐ 窓口・聞き取り");
    step = await click(step.last, "決定して次へ");
    expect(step.text).toContain("問6");
    step = await click(step.last, "戻る");
    expect(step.text).toContain("☑ 庁内会議");
    step = await say("決定");
    step = await say("いいえ");
    expect(step.text).toContain("問7");
    step = await say("3,1");
    expect(step.text).toContain("問8");
    step = await say("RPA を優先してほしい");
    expect(step.text).toContain("*問7 次期候補*\n1位 子育てアプリ、2位 電子契約");
    step = await click(step.last, "確定する");
    expect(step.text).toContain("回答を受け付けました");

    const current = await kyodo.db.surveySubmission.findFirstOrThrow({ where: { surveyId, current: true } });
    expect(current.via).toBe("slack");
    expect(JSON.parse(current.answers)).toEqual({
      join: "undecided",
      uses: ["internal", "interview"],
      wg: "no",
      "next-candidates": ["childcare", "e-contract"],
      comment: "RPA を優先してほしい",
    });
    expect(fake.problems).toEqual([]);
  });
});

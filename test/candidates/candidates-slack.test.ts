// Candidates on Slack end to end: signed requests over real HTTP into a real Kyodo, answers through a
// fake Slack Web API. A staff member answers their body's interest with buttons in a DM; that answer is
// the 14th of 56 bodies, so the secretariat's notice goes out through the outbox to Slack, and the
// secretariat forms the working group with the notice's button.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BOT_TOKEN, FakeSlack, type ApiCall } from "../slack/support/fake-slack.ts";
import {
  directMessage,
  dmOf,
  press,
  readable,
  sendEvent,
  sendInteraction,
  SIGNING_SECRET,
  type SlackPerson,
} from "../slack/support/slack-requests.ts";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";
import { bodies, propose, recordFor, START } from "./support.ts";

let fake: FakeSlack;
let kyodo: TestKyodo;
let candidateId: string;
const clock = { now: START };
const suzuki: SlackPerson = { team: "T0001", user: "U0SUZUKI" };
const yamada: SlackPerson = { team: "T0001", user: "U0YAMADA" };

const posts = (person: SlackPerson, after: number): ApiCall[] => fake.postsTo(dmOf(person), after);

/** Waits for Kyodo's answer in the DM; returns all it posted and the last message (the one with buttons). */
async function answered(person: SlackPerson, after: number): Promise<{ text: string; last: ApiCall }> {
  await fake.waitFor(() => posts(person, after).length > 0);
  await fake.settle(150);
  const all = posts(person, after);
  return { text: all.map((c) => readable(c.args.blocks)).join("\n"), last: all.at(-1)! };
}

async function say(person: SlackPerson, text: string) {
  const at = fake.mark();
  await sendEvent(kyodo.baseUrl, directMessage(person, text));
  return answered(person, at);
}

async function click(person: SlackPerson, message: ApiCall, label: string) {
  const at = fake.mark();
  const surface = {
    kind: "message" as const,
    channel: dmOf(person),
    ts: message.result!.ts,
    blocks: message.args.blocks,
    text: message.args.text,
    responseUrl: fake.responseUrl(),
  };
  await sendInteraction(kyodo.baseUrl, press(person, surface, label));
  return answered(person, at);
}

beforeAll(async () => {
  fake = await FakeSlack.start();
  kyodo = await startTestKyodo(
    { SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: fake.apiUrl },
    { clock: () => clock.now },
  );
  // Linking in the DM also tells Kyodo where each person's pushes go.
  for (const [person, handle] of [
    [suzuki, "suzuki"],
    [yamada, "yamada"],
  ] as const)
    expect((await say(person, `link ${await kyodo.codeFor(handle)}`)).text).toMatch(/登録されています/);
  candidateId = (await propose(kyodo, "AI議事録作成システム", clock.now, { category: "業務効率化", roughCost: "年額 約702万円" })).id;
  const others = (await bodies(kyodo)).filter((b) => b.name !== "千葉市").slice(0, 13);
  await recordFor(
    kyodo,
    candidateId,
    others.map((b) => b.id),
    "next_year",
    clock.now,
  );
});
afterAll(async () => {
  await kyodo?.dispose();
  await fake?.close();
});

describe("candidates on Slack", () => {
  it("a staff member answers with buttons: the 14th body shortlists the candidate", async () => {
    let step = await say(suzuki, "関心");
    expect(step.text).toContain("千葉市の関心");
    expect(step.text).toContain("未回答");
    step = await click(suzuki, step.last, "案件1に回答");
    expect(step.text).toContain("千葉市 はまだ回答していません。");
    expect(step.text).toContain("千葉市 の関心度を選んでください。");
    step = await click(suzuki, step.last, "次年度導入予定");
    expect(step.text).toContain("導入を目指す年度を選んでください");
    step = await click(suzuki, step.last, "令和9年度");
    step = await click(suzuki, step.last, "メモなし");
    expect(step.text).toContain("千葉市: 案件1 AI議事録作成システム — 次年度導入予定（令和9年度）");
    expect(step.text).toContain("導入意向 14団体 ／ 必要 14団体（会員56団体 × 1/4 = 14）→ 基準を満たしています");
    expect(step.text).toContain("この回答で選定基準を満たしました。事務局に通知しました。");
    const row = await kyodo.db.candidateInterest.findFirstOrThrow({ where: { candidateId, current: true, via: "slack" } });
    expect(row).toMatchObject({ level: "next_year", fiscalYear: 2027 });
  });

  it("the secretariat's notice goes out through the outbox to Slack; its button forms the WG", async () => {
    const at = fake.mark();
    const report = await kyodo.outbox.flush(clock.now);
    expect(report.sent).toBeGreaterThanOrEqual(1);
    const notice = await answered(yamada, at);
    expect(notice.text).toContain("選定基準を満たしました: 案件1 AI議事録作成システム");
    expect(notice.text).toContain("基準: 会員団体の1/4以上が導入意向（次年度導入予定・翌々年度導入予定）");
    const formed = await click(yamada, notice.last, "WGを設置");
    expect(formed.text).toContain("AI議事録作成システムWG（wg-1）を設置しました。14団体:");
    const organ = await kyodo.db.organ.findFirstOrThrow({ where: { slug: "wg-1" } });
    expect(organ.kind).toBe("working_group");
    expect(await kyodo.db.seat.count({ where: { organId: organ.id } })).toBe(14);
    expect(fake.problems).toEqual([]);
  });
});

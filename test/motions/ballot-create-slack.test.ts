// Creating a ballot through a Slack modal, end to end: the real Bolt app behind signed requests, the
// fake Slack Web API on loopback. The slash command's trigger id opens the modal (views.open) within
// its three seconds; a submission with mistakes keeps the modal open with the dry run's words under the
// fields (response_action "errors"); the corrected one gets a preview, and only "作成する" creates.
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";
import { BOT_TOKEN, FakeSlack, inputOption, inputBlocks, type ViewJson, type ViewSubmissionAnswer } from "../slack/support/fake-slack.ts";
import {
  dmOf,
  press,
  readable,
  sendInteraction,
  sendSlash,
  SIGNING_SECRET,
  slashCommand,
  submitView,
  type SlackPerson,
} from "../slack/support/slack-requests.ts";

let fake: FakeSlack;
const future = DateTime.now().setZone("Asia/Tokyo").plus({ days: 20 });
let kyodo: TestKyodo;
const yamada: SlackPerson = { team: "T0001", user: "U0YAMADA" };
const sato: SlackPerson = { team: "T0001", user: "U0SATO" };

async function link(person: SlackPerson, handle: string) {
  const slash = slashCommand(person, `link ${await kyodo.codeFor(handle)}`, fake.responseUrl());
  await sendSlash(kyodo.baseUrl, slash);
  await fake.waitFor(() => fake.responsesTo(slash.responseUrl).length > 0);
}

beforeAll(async () => {
  fake = await FakeSlack.start();
  kyodo = await startTestKyodo({ SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: fake.apiUrl });
  await link(yamada, "yamada");
  await link(sato, "sato");
});
afterAll(async () => {
  await kyodo?.dispose();
  await fake?.close();
});

/** Polls an asynchronous probe (the database) until it finds something. */
async function until<T>(probe: () => Promise<T | null | undefined>, timeoutMs = 5000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error("waited in vain");
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Every message Kyodo showed since `after`: ephemeral answers through response URLs and DM posts alike
 *  (where a flow's replies go depends on where it continues, which is not what this test is about). */
const shownSince = (after: number) => fake.shownSince(after);

const option = (view: ViewJson, blockId: string, label: string) => {
  const found = inputOption(view, blockId, label);
  if (!found) throw new Error(`no option ${label} in ${blockId}`);
  return found;
};

describe("creating a ballot through a Slack modal", () => {
  it("opens the modal from the slash command, shows mistakes under the fields, previews, then creates", async () => {
    const slash = slashCommand(yamada, "ballot new", fake.responseUrl(), dmOf(yamada));
    await sendSlash(kyodo.baseUrl, slash);
    const [open] = await fake.waitFor(
      () => fake.callsTo("views.open").filter((c) => c.args.trigger_id === slash.triggerId).length > 0 && fake.callsTo("views.open"),
    );
    const view = open!.args.view!;
    expect(fake.problems).toEqual([]);
    expect(view.title?.text).toBe("表決の作成");
    expect(view.title?.text.length).toBeLessThanOrEqual(24);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(inputBlocks(view).map((b) => b.block_id)).toEqual(["title", "organ", "deadline", "opens", "rules", "motions"]);
    expect(view.submit?.text).toBe("確認へ");

    const kanjikai = option(view, "organ", "幹事会");
    const mistakes = submitView(
      yamada,
      { ...view, id: "V0BALLOT" },
      {
        title: { type: "plain_text_input", value: "   " },
        organ: { type: "static_select", selected_option: kanjikai },
        deadline: { type: "plain_text_input", value: "2020-01-10 17:00" },
        opens: { type: "plain_text_input", value: null },
        rules: { type: "static_select", selected_option: null },
        motions: { type: "plain_text_input", value: "1 令和8年度予算の承認について\n1 会則の改正について" },
      },
    );
    const refused = await sendInteraction(kyodo.baseUrl, mistakes);
    expect(refused.status).toBe(200);
    const answer = JSON.parse(refused.text) as ViewSubmissionAnswer;
    expect(answer.response_action).toBe("errors");
    expect(answer.errors).toEqual({
      title: "表決の件名は1〜200文字で入力してください。",
      deadline: "期限が過去の日時です。これから先の日時を指定してください。",
      motions: "同じ議案番号が2回使われています。",
    });
    expect(await kyodo.db.ballot.count()).toBe(0);

    const corrected = submitView(
      yamada,
      { ...view, id: "V0BALLOT" },
      {
        title: { type: "plain_text_input", value: "令和8年度第3回幹事会（書面表決）" },
        organ: { type: "static_select", selected_option: kanjikai },
        deadline: { type: "plain_text_input", value: `令和${future.year - 2018}年${future.month}月${future.day}日 17:00` },
        opens: { type: "plain_text_input", value: null },
        rules: { type: "static_select", selected_option: option(view, "rules", "全会一致") },
        motions: { type: "plain_text_input", value: "1 令和8年度予算の承認について\n2 会則の改正について" },
      },
    );
    const submittedAt = Date.now();
    const accepted = await sendInteraction(kyodo.baseUrl, corrected);
    expect(accepted.text).toBe(""); // the modal closes
    const preview = await fake.waitFor(() => shownSince(submittedAt).find((blocks) => readable(blocks).includes("表決の作成（確認）")));
    expect(readable(preview)).toContain("議案2 会則の改正について");
    expect(readable(preview)).toContain(future.toFormat("yyyy年M月d日"));
    expect(await kyodo.db.ballot.count()).toBe(0);

    const pressedAt = Date.now();
    await sendInteraction(
      kyodo.baseUrl,
      press(yamada, { kind: "ephemeral", channel: dmOf(yamada), blocks: preview, responseUrl: fake.responseUrl() }, "作成する"),
    );
    const ballot = await until(() => kyodo.db.ballot.findFirst({ include: { motions: true } }));
    expect(ballot.title).toBe("令和8年度第3回幹事会（書面表決）");
    expect(ballot.motions).toHaveLength(2);
    expect(JSON.parse(ballot.rules)).toMatchObject({ threshold: "unanimity" });
    const done = await fake.waitFor(() => shownSince(pressedAt).find((blocks) => readable(blocks).includes("を作成しました")));
    expect(readable(done)).toContain("「表決1 令和8年度第3回幹事会（書面表決）」を作成しました（幹事会");
  });

  it("refuses a member without opening a modal", async () => {
    const slash = slashCommand(sato, "ballot new", fake.responseUrl());
    await sendSlash(kyodo.baseUrl, slash);
    const [answer] = await fake.waitFor(() => fake.responsesTo(slash.responseUrl).length > 0 && fake.responsesTo(slash.responseUrl));
    expect(readable(answer!.body.blocks)).toContain("表決を作成できるのは事務局だけです。");
    expect(fake.callsTo("views.open").filter((c) => c.args.trigger_id === slash.triggerId)).toEqual([]);
  });
});

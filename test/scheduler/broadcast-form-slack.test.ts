// A broadcast composed in one Slack modal: the slash command's trigger id opens it; a blank text and an
// unreadable send time come back under their fields with the conversation's words (the modal stays
// open); the corrected modal leads to the usual preview, and nothing is queued before 送信する.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";
import { BOT_TOKEN, FakeSlack, inputBlocks, optionsOf, type ViewSubmissionAnswer } from "../slack/support/fake-slack.ts";
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
let kyodo: TestKyodo;
const yamada: SlackPerson = { team: "T0001", user: "U0YAMADA" };

beforeAll(async () => {
  fake = await FakeSlack.start();
  kyodo = await startTestKyodo({ SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: fake.apiUrl });
  const link = slashCommand(yamada, `link ${await kyodo.codeFor("yamada")}`, fake.responseUrl());
  await sendSlash(kyodo.baseUrl, link);
  await fake.waitFor(() => fake.responsesTo(link.responseUrl).length > 0);
});
afterAll(async () => {
  await kyodo?.dispose();
  await fake?.close();
});

describe("a broadcast composed in a Slack modal", () => {
  it("opens the modal, shows problems under the fields, previews, then queues on 送信する", async () => {
    const slash = slashCommand(yamada, "broadcast", fake.responseUrl(), dmOf(yamada));
    await sendSlash(kyodo.baseUrl, slash);
    const [open] = await fake.waitFor(
      () => fake.callsTo("views.open").filter((c) => c.args.trigger_id === slash.triggerId).length > 0 && fake.callsTo("views.open"),
    );
    const view = open!.args.view!;
    expect(fake.problems).toEqual([]);
    expect(inputBlocks(view).map((b) => b.block_id)).toEqual(["audience", "channels", "text", "at"]);
    const audience = inputBlocks(view).find((b) => b.block_id === "audience");
    const all = optionsOf(audience?.element).find((o) => o.value === "all");
    const answers = (text: string, at: string | null) => ({
      audience: { type: "static_select", selected_option: all },
      channels: { type: "static_select", selected_option: null },
      text: { type: "plain_text_input", value: text },
      at: { type: "plain_text_input", value: at },
    });
    const refused = await sendInteraction(kyodo.baseUrl, submitView(yamada, { ...view, id: "V0CAST" }, answers("   ", "いつか")));
    const errors = JSON.parse(refused.text) as ViewSubmissionAnswer;
    expect(errors.response_action).toBe("errors");
    expect(Object.keys(errors.errors ?? {}).sort()).toEqual(["at", "text"]);
    expect(errors.errors?.at).toContain("「いつか」は日時として読めないか、過去の日時です。");

    const submittedAt = Date.now();
    expect(
      (await sendInteraction(kyodo.baseUrl, submitView(yamada, { ...view, id: "V0CAST" }, answers("年末年始の窓口について", null)))).text,
    ).toBe("");
    const shown = () => fake.shownSince(submittedAt);
    const preview = await fake.waitFor(() => shown().find((b) => readable(b).includes("年末年始の窓口について")));
    expect(await kyodo.db.broadcast.count()).toBe(0);
    await sendInteraction(
      kyodo.baseUrl,
      press(yamada, { kind: "ephemeral", channel: dmOf(yamada), blocks: preview, responseUrl: fake.responseUrl() }, "送信する"),
    );
    const end = Date.now() + 5000;
    while ((await kyodo.db.broadcast.count()) === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    const broadcast = await kyodo.db.broadcast.findFirstOrThrow();
    expect(broadcast.text).toBe("年末年始の窓口について");
  });
});

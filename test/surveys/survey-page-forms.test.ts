// A survey page answered in one form: on Slack a modal opened with the slash command's trigger id, on
// Mattermost a dialog; a wrong answer comes back under its question (the form stays open) in the same
// words the chat uses, and the page's answers move the person on to the summary and the receipt.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";
import { BOT_TOKEN, FakeSlack, inputBlocks, inputOption, type ViewJson, type ViewSubmissionAnswer } from "../slack/support/fake-slack.ts";
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
import { readable as mmReadable } from "../mattermost/support/fake-mattermost.ts";
import { startMattermostKyodo, type MattermostKyodo } from "../mattermost/support/mattermost-kyodo.ts";
import { createFromYaml } from "./support/surveys.ts";

const SURVEY = `
title: 研修参加調査
description: 研修への参加について伺います。
audience: all
dueAt: 2099-01-29 17:00
questions:
  - id: course
    kind: single
    text: 参加するコースを選んでください。
    options: [{ value: basic, label: 基礎 }, { value: advanced, label: 応用 }]
  - id: people
    kind: number
    text: 参加人数を教えてください。
    min: 1
    max: 20
  - id: from
    kind: date
    text: 参加できる最初の日を教えてください。
    when: { question: course, equals: advanced }
  - id: note
    kind: text
    text: 連絡事項があればどうぞ。
    required: false
    maxLength: 200
`;

describe("a survey page in a Slack modal", () => {
  let fake: FakeSlack;
  let kyodo: TestKyodo;
  const sato: SlackPerson = { team: "T0001", user: "U0SATO" };
  beforeAll(async () => {
    fake = await FakeSlack.start();
    kyodo = await startTestKyodo({ SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: fake.apiUrl });
    await createFromYaml(kyodo, new Date(), SURVEY, "training.yaml");
    const link = slashCommand(sato, `link ${await kyodo.codeFor("sato")}`, fake.responseUrl());
    await sendSlash(kyodo.baseUrl, link);
    await fake.waitFor(() => fake.responsesTo(link.responseUrl).length > 0);
  });
  afterAll(async () => {
    await kyodo?.dispose();
    await fake?.close();
  });

  it("opens one modal for the page, refuses a number out of range under its field, then submits", async () => {
    const slash = slashCommand(sato, "回答 1", fake.responseUrl(), dmOf(sato));
    await sendSlash(kyodo.baseUrl, slash);
    const [open] = await fake.waitFor(
      () => fake.callsTo("views.open").filter((c) => c.args.trigger_id === slash.triggerId).length > 0 && fake.callsTo("views.open"),
    );
    const view = open!.args.view!;
    expect(fake.problems).toEqual([]);
    // The page ends before 開始日, which is asked only of the 応用 course: it is on the next page.
    expect(inputBlocks(view).map((b) => b.block_id)).toEqual(["course", "people"]);
    const advanced = inputOption(view, "course", "応用");
    const page1 = (people: string) => ({
      course: { type: "static_select", selected_option: advanced },
      people: { type: "number_input", value: people },
    });
    const refused = await sendInteraction(kyodo.baseUrl, submitView(sato, { ...view, id: "V0PAGE" }, page1("50")));
    expect(JSON.parse(refused.text)).toEqual({ response_action: "errors", errors: { people: "20以下の数値で答えてください。" } });

    const next = JSON.parse(
      (await sendInteraction(kyodo.baseUrl, submitView(sato, { ...view, id: "V0PAGE" }, page1("12")))).text,
    ) as ViewSubmissionAnswer & { view: ViewJson };
    expect(next.response_action).toBe("update");
    expect(inputBlocks(next.view).map((b) => b.block_id)).toEqual(["from", "note"]);
    expect(fake.callsTo("views.open")).toHaveLength(1); // the next page replaced the modal's content

    const submittedAt = Date.now();
    const page2 = { from: { type: "datepicker", selected_date: "2027-04-01" }, note: { type: "plain_text_input", value: null } };
    expect((await sendInteraction(kyodo.baseUrl, submitView(sato, { ...next.view, id: "V0PAGE" }, page2))).text).toBe("");
    const shown = () => fake.shownSince(submittedAt);
    const summary = await fake.waitFor(() => shown().find((b) => readable(b).includes("回答内容の確認")));
    expect(readable(summary)).toContain("応用");
    expect(readable(summary)).toContain("12");
    await sendInteraction(
      kyodo.baseUrl,
      press(sato, { kind: "ephemeral", channel: dmOf(sato), blocks: summary, responseUrl: fake.responseUrl() }, "確定する"),
    );
    const submission = await until(() => kyodo.db.surveySubmission.findFirst());
    expect(JSON.parse(submission.answers)).toMatchObject({ course: "advanced", people: 12, from: "2027-04-01", note: null });
  });

  async function until<T>(probe: () => Promise<T | null | undefined>): Promise<T> {
    const end = Date.now() + 5000;
    for (;;) {
      const value = await probe();
      if (value) return value;
      if (Date.now() > end) throw new Error("waited in vain");
      await new Promise((r) => setTimeout(r, 20));
    }
  }
});

describe("a survey page in a Mattermost dialog", () => {
  let t: MattermostKyodo;
  beforeAll(async () => {
    t = await startMattermostKyodo();
    await createFromYaml(t.kyodo, new Date(), SURVEY, "training.yaml");
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it("opens one dialog for the page, returns a problem per field, then moves on to the summary", async () => {
    const suzuki = t.mm.person("suzuki");
    await t.link(suzuki, "suzuki");
    const dm = t.mm.dmOf(suzuki);
    const before = t.mm.dialogs.length;
    await t.mm.slash(suzuki, dm, "回答 1");
    expect(t.mm.dialogs).toHaveLength(before + 1);
    const opened = t.mm.dialogs.at(-1)!;
    expect(opened.dialog.elements.map((e: { name: string }) => e.name)).toEqual(["course", "people"]);
    const wrong = await t.mm.submitDialog(suzuki, opened, { course: "advanced", people: "たくさん" }, dm);
    expect(wrong.body.errors).toEqual({ people: "数字で入力してください。" }); // checked by the adapter: a number field
    const right = await t.mm.submitDialog(suzuki, opened, { course: "advanced", people: "3" }, dm);
    expect(right.body.errors).toBeUndefined();
    await t.settle();
    // A dialog submission has no trigger id: the next page waits behind its 入力する button.
    const nextPage = t.mm
      .seenIn(dm.id)
      .filter((p) => p.user_id === t.mm.bot.id)
      .at(-1)!;
    await t.mm.press(suzuki, nextPage, "入力する");
    const second = t.mm.dialogs.at(-1)!;
    expect(second.dialog.elements.map((e: { name: string }) => e.name)).toEqual(["from", "note"]);
    const badDate = await t.mm.submitDialog(suzuki, second, { from: "いつか", note: null }, dm);
    expect(badDate.body.errors).toEqual({ from: "日付を読めません。令和9年4月1日 や 2027-04-01 の形で入力してください。" });
    await t.mm.submitDialog(suzuki, second, { from: "令和9年4月1日", note: "よろしくお願いします" }, dm);
    await t.settle();
    const summary = t.mm
      .seenIn(dm.id)
      .filter((p) => p.user_id === t.mm.bot.id)
      .at(-1)!;
    expect(mmReadable(summary)).toContain("回答内容の確認");
    expect(mmReadable(summary)).toContain("よろしくお願いします");
  });
});

// The usage summary in Slack, end to end: a linked member runs `/kyodo usage …`, Kyodo draws the chart
// as a PNG, uploads it with Slack's external upload flow (files.getUploadURLExternal, the bytes to the
// upload URL, files.completeUploadExternal) and answers with an image block naming the uploaded file
// above the table, all within Block Kit's limits (the fake Slack refuses anything else, including an
// image block naming a file that was not uploaded).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chartAltText } from "../../src/adapters/shared/chart-png.ts";
import { loadUsageMoneyDemo } from "../../src/demo/usage-money/load-usage-money-demo.ts";
import { parsePeriod } from "../../src/domain/usage/period.ts";
import { summaryMessage } from "../../src/domain/usage/summary-message.ts";
import { loadUsageSummary } from "../../src/domain/usage/usage-summary.ts";
import type { ChartData } from "../../src/engine/messages.ts";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";
import { BOT_TOKEN, FakeSlack, type ResponseUrlPost } from "./support/fake-slack.ts";
import { readable, sendSlash, SIGNING_SECRET, slashCommand, type SlackPerson } from "./support/slack-requests.ts";

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const sato: SlackPerson = { team: "T0001", user: "U0SATO" };

let fake: FakeSlack;
let kyodo: TestKyodo;

beforeAll(async () => {
  fake = await FakeSlack.start();
  kyodo = await startTestKyodo({ SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: fake.apiUrl });
  await loadUsageMoneyDemo(kyodo.db, kyodo.council.id);
  const [linked] = await command(sato, `link ${await kyodo.codeFor("sato")}`);
  expect(readable(linked!.body.blocks)).toContain("佐藤 一郎");
});
afterAll(async () => {
  await kyodo?.dispose();
  await fake?.close();
});

/** Runs a slash command and returns what was posted to its response URL. */
async function command(person: SlackPerson, text: string): Promise<ResponseUrlPost[]> {
  const slash = slashCommand(person, text, fake.responseUrl());
  const ack = await sendSlash(kyodo.baseUrl, slash);
  expect(ack.status).toBe(200);
  await fake.waitFor(() => fake.responsesTo(slash.responseUrl).length > 0);
  await fake.settle(100);
  return fake.responsesTo(slash.responseUrl);
}

async function expectedChart(system: string, period: string): Promise<ChartData> {
  const summary = await loadUsageSummary(kyodo.db, kyodo.council.id, system, parsePeriod(period));
  const table = summaryMessage(summary, "ja").blocks.find((b) => b.type === "table");
  if (table?.type !== "table" || !table.chart) throw new Error("the summary has no chart");
  return table.chart;
}

describe("usage chart in Slack", () => {
  it("uploads the chart as a PNG and shows it above the table, within Block Kit's limits", async () => {
    const callsBefore = fake.calls.length;
    const filesBefore = fake.files.size;
    const [answer, ...more] = await command(sato, "usage 施設予約 平成29年度");
    expect(more).toEqual([]);
    expect(fake.problems).toEqual([]);

    // One file, uploaded through the three steps in order, before the answer was posted.
    expect(fake.files.size).toBe(filesBefore + 1);
    const file = [...fake.files.values()].at(-1)!;
    expect(file.completed).toBe(true);
    expect(file.bytes!.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(file.bytes!.length).toBe(file.length);
    expect(file.bytes!.length).toBeGreaterThan(10_000);
    expect(file.filename).toMatch(/\.png$/);
    const methods = fake.calls.slice(callsBefore).map((c) => c.method);
    expect(methods).toEqual(["files.getUploadURLExternal", "files.completeUploadExternal"]);
    const complete = fake.callsTo("files.completeUploadExternal").at(-1)!;
    expect(complete.args.files?.map((f) => f.id)).toEqual([file.id]);
    expect(complete.args.files?.[0]?.title).toContain("施設予約システム");
    // Not shared to any conversation: the image block is where people see it.
    expect(complete.args.channel_id).toBeUndefined();
    expect(complete.args.channels).toBeUndefined();
    expect(complete.at).toBeLessThanOrEqual(answer!.at);

    // The answer: the image block naming the file, before the table, with the chart as its alt text.
    const expected = await expectedChart("施設予約", "平成29年度");
    const blocks = answer!.body.blocks ?? [];
    expect(blocks.length).toBeLessThanOrEqual(50);
    const imageAt = blocks.findIndex((b) => b.type === "image");
    expect(blocks[imageAt]).toEqual({ type: "image", slack_file: { id: file.id }, alt_text: chartAltText(expected) });
    expect(file.altText).toBe(chartAltText(expected));
    const tableAt = blocks.findIndex((b) => b.type === "section" && b.text?.text.startsWith("```") && b.text.text.includes("千葉市"));
    expect(tableAt).toBeGreaterThan(imageAt);
    expect(blocks.slice(imageAt + 1, tableAt).every((b) => b.type === "section")).toBe(true); // only the caption between
    const text = readable(blocks);
    expect(text).toContain("470,425");
    for (const label of expected.categories) expect(text).toContain(label);
  });

  it("the same chart asked for again reuses the uploaded file", async () => {
    const filesBefore = fake.files.size;
    const [answer] = await command(sato, "usage facility-reservation 平成29年度");
    expect(fake.files.size).toBe(filesBefore);
    const image = answer!.body.blocks?.find((b) => b.type === "image");
    expect(fake.files.get(image?.slack_file?.id ?? "")?.completed).toBe(true);
    expect(fake.problems).toEqual([]);
  });

  it("a summary without a chart (the list of systems) uploads nothing", async () => {
    const filesBefore = fake.files.size;
    const [answer] = await command(sato, "usage");
    expect(readable(answer!.body.blocks)).toContain("facility-reservation");
    expect((answer!.body.blocks ?? []).some((b) => b.type === "image")).toBe(false);
    expect(fake.files.size).toBe(filesBefore);
  });
});

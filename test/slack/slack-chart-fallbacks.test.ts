// A chart is a nicety in Slack; the table carries the numbers. When the chart cannot be drawn (no
// Japanese font), its upload fails (the app lacks files:write, Slack's file service errs), or Slack
// refuses the image block, the person still gets the table, and the log says why with the request id.
// The adapter runs on Kyodo's HTTP app against the fake Slack with a scripted engine.
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SlackAdapter } from "../../src/adapters/slack/slack-adapter.ts";
import type { ChartData, OutboundMessage } from "../../src/engine/messages.ts";
import { createHttpApp, finishRoutes, listen, type HttpServer } from "../../src/http/server.ts";
import { blockKitProblems } from "./support/block-kit-limits.ts";
import { BOT_TOKEN, FakeSlack, type BlockJson } from "./support/fake-slack.ts";
import {
  directMessage,
  dmOf,
  readable,
  sendEvent,
  sendSlash,
  SIGNING_SECRET,
  slashCommand,
  type SlackPerson,
} from "./support/slack-requests.ts";

/** A log line as pino writes it. */
type Json = Record<string, unknown>;

let fake: FakeSlack;
let adapter: SlackAdapter;
let http: HttpServer;
let baseUrl: string;
const logs: Json[] = [];
let script: () => OutboundMessage[] = () => [];
const person: SlackPerson = { team: "T0001", user: "U0ITO" };

beforeAll(async () => {
  fake = await FakeSlack.start();
  const logger = pino({ level: "debug" }, { write: (line: string) => void logs.push(JSON.parse(line) as Json) });
  adapter = new SlackAdapter({
    botToken: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    apiUrl: fake.apiUrl,
    logger,
    locale: "ja",
    api: { maxRetryAfterSeconds: 5 },
  });
  const app = createHttpApp({} as never, logger);
  adapter.mount(app);
  finishRoutes(app);
  http = await listen(app, 0, "127.0.0.1");
  baseUrl = `http://127.0.0.1:${http.port}`;
  await adapter.start(() => Promise.resolve(script()));
});
afterAll(async () => {
  await adapter?.stop();
  await http?.close();
  await fake?.close();
});
afterEach(() => {
  delete process.env.KYODO_CHART_FONT;
});

/** A summary with a chart; each test uses its own title, since an uploaded chart is reused. */
function summary(title: string): OutboundMessage {
  const chart: ChartData = {
    title,
    unit: "件",
    categories: ["千葉市", "匝瑳市", "袖ケ浦市"],
    series: [{ name: "平成29年度", values: [470425, 1200, 48014] }],
  };
  const rows = [
    ["千葉市", "470,425"],
    ["匝瑳市", "1,200"],
    ["袖ケ浦市", "48,014"],
  ];
  return {
    text: title,
    blocks: [
      { type: "header", text: title },
      { type: "table", caption: "団体別", columns: ["団体", "件数"], rows, chart },
    ],
  };
}

/** Runs a slash command answered with `message`; returns the answer's blocks and the request id. */
async function ask(message: OutboundMessage): Promise<{ blocks: BlockJson[]; requestId: string | null }> {
  script = () => [message];
  const slash = slashCommand(person, "usage", fake.responseUrl());
  const ack = await sendSlash(baseUrl, slash);
  const [answer] = await fake.waitFor(() => fake.responsesTo(slash.responseUrl).length > 0 && fake.responsesTo(slash.responseUrl));
  return { blocks: answer!.body.blocks ?? [], requestId: ack.requestId };
}

const hasImage = (blocks: BlockJson[] | undefined) => (blocks ?? []).some((b) => b.type === "image");
const chartLog = (requestId: string | null) =>
  logs.find((l) => l.msg === "chart image not shown; sending the table alone" && l.requestId === requestId);

describe("Slack chart fallbacks", () => {
  it("without a Japanese font: the table alone, and the missing font logged with the request id", async () => {
    process.env.KYODO_CHART_FONT = "/nonexistent/font.ttf";
    const files = fake.files.size;
    const { blocks, requestId } = await ask(summary("フォントなし"));
    expect(hasImage(blocks)).toBe(false);
    expect(readable(blocks)).toContain("袖ケ浦市");
    expect(fake.files.size).toBe(files);
    expect(chartLog(requestId)).toMatchObject({ chart: "フォントなし", err: { key: "usage.chart.fontMissing" } });
  });

  it("when the app lacks files:write: the table alone, Slack's refusal logged with the request id", async () => {
    fake.failNext("files.getUploadURLExternal", { error: "missing_scope" });
    const { blocks, requestId } = await ask(summary("権限なし"));
    expect(hasImage(blocks)).toBe(false);
    expect(readable(blocks)).toContain("470,425");
    expect(chartLog(requestId)).toMatchObject({ error: "missing_scope", method: "files.getUploadURLExternal" });
    expect(logs.find((l) => l.msg === "slack call failed" && l.method === "files.getUploadURLExternal")).toMatchObject({ requestId });
  });

  it("when the upload URL fails: the table alone, and the file is never completed", async () => {
    fake.failNext("upload_url", { status: 500, body: "upload failed" });
    const completes = fake.callsTo("files.completeUploadExternal").length;
    const { blocks, requestId } = await ask(summary("アップロード失敗"));
    expect(hasImage(blocks)).toBe(false);
    expect(readable(blocks)).toContain("千葉市");
    expect(fake.callsTo("files.completeUploadExternal")).toHaveLength(completes);
    expect(chartLog(requestId)).toMatchObject({ error: "http_500", method: "upload_url" });
  });

  it("when Slack refuses the image block, the message is sent again without it", async () => {
    script = () => [summary("画像拒否")];
    fake.failNext("chat.postMessage", { error: "invalid_blocks" });
    const before = fake.callsTo("chat.postMessage").length;
    await sendEvent(baseUrl, directMessage(person, "usage"));
    await fake.waitFor(() => fake.callsTo("chat.postMessage").length >= before + 2);
    const [refused, resent] = fake.callsTo("chat.postMessage").slice(before);
    expect(hasImage(refused!.args.blocks)).toBe(true);
    expect(hasImage(resent!.args.blocks)).toBe(false);
    expect(resent!.args.channel).toBe(dmOf(person));
    expect(readable(resent!.args.blocks)).toContain("48,014");
    expect(logs.some((l) => l.msg === "slack refused the chart image; sending the table alone" && typeof l.requestId === "string")).toBe(
      true,
    );
    // The refused file is not offered again: the next summary uploads afresh.
    const files = fake.files.size;
    const { blocks } = await ask(summary("画像拒否"));
    expect(hasImage(blocks)).toBe(true);
    expect(fake.files.size).toBe(files + 1);
    expect(fake.problems).toEqual([]);
  });

  it("posts outside a reply (scheduled summaries) with the chart, one upload for several conversations", async () => {
    const files = fake.files.size;
    const message = summary("定期配信");
    await adapter.post({ platform: "slack", workspace: "T0001", conversationId: "C0ORGAN1" }, message);
    await adapter.post({ platform: "slack", workspace: "T0001", conversationId: "C0ORGAN2" }, message);
    expect(fake.files.size).toBe(files + 1);
    const posts = fake.callsTo("chat.postMessage").slice(-2);
    expect(posts.map((p) => p.args.channel)).toEqual(["C0ORGAN1", "C0ORGAN2"]);
    for (const post of posts) {
      const blocks = post.args.blocks ?? [];
      const imageAt = blocks.findIndex((b) => b.type === "image");
      expect(imageAt).toBeGreaterThan(0);
      expect(blocks[imageAt]!.alt_text).toContain("定期配信: 千葉市 470,425件");
      expect(blocks.findIndex((b) => b.text?.text.startsWith("```"))).toBeGreaterThan(imageAt);
    }
    expect(fake.problems).toEqual([]);
  });

  // Last, since the refused payload stays among the fake's recorded problems.
  it("the fake Slack refuses image blocks Slack would refuse", async () => {
    const image = (extra: Json) => [{ type: "image", alt_text: "グラフ", ...extra }];
    expect(blockKitProblems(image({ slack_file: { id: "F0123456789" } }), "message")).toEqual([]);
    expect(blockKitProblems(image({}), "message")).toEqual(["blocks[0]: exactly one of image_url and slack_file"]);
    expect(blockKitProblems(image({ slack_file: { id: "chart.png" } }), "message")).toEqual(["blocks[0].slack_file.id: not a file id"]);
    expect(blockKitProblems(image({ slack_file: { id: "F0123456789", url: "https://files.slack.com/x.png" } }), "message")).toHaveLength(1);
    expect(blockKitProblems([{ type: "image", slack_file: { id: "F0123456789" }, alt_text: "x".repeat(2001) }], "message")).toHaveLength(1);
    // A well-formed id of a file never uploaded: invalid_blocks, as Slack answers.
    const response = await fetch(`${fake.apiUrl}chat.postMessage`, {
      method: "POST",
      headers: { authorization: `Bearer ${BOT_TOKEN}`, "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify({ channel: "C0GENERAL", text: "x", blocks: image({ slack_file: { id: "F9999999999" } }) }),
    });
    expect(await response.json()).toMatchObject({
      ok: false,
      error: "invalid_blocks",
      errors: ["blocks[0].slack_file: invalid slack file F9999999999"],
    });
  });
});

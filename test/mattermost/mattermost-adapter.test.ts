// The Mattermost adapter's side of the contract for what today's commands produce rarely or not yet
// (forms as interactive dialogs, menus of many choices, confirmations, very long content): the adapter
// runs on Kyodo's HTTP app against the fake Mattermost, and a scripted handler stands where the engine
// would be. Also: the response URL used up, a 429 waited out, and a bad bot token at start.
import { pino } from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MattermostAdapter } from "../../src/adapters/mattermost/mattermost-adapter.ts";
import type { InboundEvent, OutboundMessage } from "../../src/engine/messages.ts";
import { createHttpApp, finishRoutes, listen, type HttpServer } from "../../src/http/server.ts";
import { BOT_TOKEN, buttonsOf, checkDialog, COMMAND_TOKEN, FakeMattermost, readable } from "./support/fake-mattermost.ts";

let mm: FakeMattermost;
let adapter: MattermostAdapter;
let http: HttpServer;
const received: InboundEvent[] = [];
let script: (event: InboundEvent) => OutboundMessage[] = () => [];
const logger = pino({ level: "silent" });

beforeAll(async () => {
  mm = await FakeMattermost.start();
  adapter = new MattermostAdapter({
    url: mm.url,
    botToken: BOT_TOKEN,
    commandTokens: [COMMAND_TOKEN],
    websocket: false,
    logger,
    locale: "ja",
  });
  const app = createHttpApp({} as never, logger);
  adapter.mount(app);
  finishRoutes(app);
  http = await listen(app, 0, "127.0.0.1");
  mm.kyodoUrl = `http://127.0.0.1:${http.port}`;
  await adapter.start((event) => {
    received.push(event);
    return Promise.resolve(script(event));
  });
});
afterAll(async () => {
  await adapter?.stop();
  await http?.close();
  await mm?.close();
});
beforeEach(() => {
  received.length = 0;
  mm.reset();
});

const kimura = () => mm.person("kimura");
const text = (event: InboundEvent) => (event.kind === "text" ? event.text : "");

const applicationForm: OutboundMessage = {
  text: "参加申込",
  blocks: [
    { type: "text", text: "次の申込書に入力してください。" },
    {
      type: "form",
      formId: "apply-2027",
      title: "令和9年度 AI議事録システム共同調達 参加申込書",
      submitLabel: "送信する",
      fields: [
        {
          id: "join",
          label: "来年度の共同調達に参加しますか",
          kind: "select",
          required: true,
          options: [
            { label: "参加する", value: "yes" },
            { label: "参加しない", value: "no" },
          ],
        },
        { id: "count", label: "利用者数", kind: "number", required: true },
        { id: "from", label: "利用開始日", kind: "date", required: false },
        { id: "note", label: "備考", kind: "text", required: false, maxLength: 1000 },
      ],
    },
  ],
};

describe("Mattermost adapter", () => {
  it("opens a form as a dialog within Mattermost's byte limits, checks the submission, and acts on it once", async () => {
    const person = kimura();
    const dm = mm.dmOf(person);
    script = (event) =>
      text(event) === "apply"
        ? [applicationForm]
        : event.kind === "form"
          ? [{ text: "受け付けました", blocks: [{ type: "text", text: "受け付けました" }] }]
          : [];
    await mm.slash(person, dm, "apply");
    expect(mm.dialogs).toHaveLength(1);
    const [dialog] = mm.dialogs;
    expect(checkDialog(dialog!.dialog)).toBeUndefined();
    expect(Buffer.byteLength(dialog!.dialog.title)).toBeLessThanOrEqual(24);
    expect(dialog!.dialog.introduction_text).toContain("令和9年度 AI議事録システム共同調達 参加申込書");
    expect(dialog!.dialog.elements.map((e) => [e.name, e.type, e.subtype ?? "", e.optional])).toEqual([
      ["join", "select", "", false],
      ["count", "text", "number", false],
      ["from", "text", "", true],
      ["note", "textarea", "", true],
    ]);
    expect(dialog!.dialog.elements[0]?.help_text).toBe("来年度の共同調達に参加しますか");
    // The form also stays in the conversation, with a button to open it again.
    expect(buttonsOf(mm.lastIn(dm.id))).toEqual(["入力する"]);

    const missing = await mm.submitDialog(person, dialog!, { join: "yes", count: null }, dm);
    expect(missing.body.errors).toEqual({ count: "入力してください。" });
    const notNumber = await mm.submitDialog(person, dialog!, { join: "yes", count: "たくさん" }, dm);
    expect(notNumber.body.errors).toEqual({ count: "数字で入力してください。" });
    expect(received.filter((e) => e.kind === "form")).toEqual([]);

    const done = await mm.submitDialog(person, dialog!, { join: "yes", count: "12", from: "2027-04-01", note: null }, dm);
    expect(done).toMatchObject({ status: 200, body: {} });
    const form = received.find((e) => e.kind === "form");
    expect(form).toMatchObject({
      kind: "form",
      formId: "apply-2027",
      values: { join: "yes", count: "12", from: "2027-04-01", note: "" },
      ref: { conversationId: dm.id, isDirect: true },
      user: { externalId: person.id },
    });
    expect(mm.lastIn(dm.id).message).toBe("受け付けました");
    // The same submission again (a resend) has no second effect.
    await mm.submitDialog(person, dialog!, { join: "yes", count: "12" }, dm);
    expect(received.filter((e) => e.kind === "form")).toHaveLength(1);

    // Someone else cannot submit this person's dialog.
    const other = mm.person("other");
    expect((await mm.submitDialog(other, dialog!, { join: "no", count: "1" }, dm)).status).toBe(401);

    // "入力する" opens the form again, with a fresh trigger id.
    await mm.press(
      person,
      mm.seenIn(dm.id).find((p) => buttonsOf(p).includes("入力する"))!,
      "入力する",
    );
    expect(mm.dialogs).toHaveLength(2);
  });

  it("shows more than five choices as a menu and reads the chosen option back", async () => {
    const person = kimura();
    const dm = mm.dmOf(person);
    const choices = Array.from({ length: 12 }, (_, i) => ({ label: `選択肢 ${i + 1}`, value: `value-${i + 1}-${"x".repeat(100)}` }));
    script = (event) =>
      text(event) === "pick"
        ? [{ text: "選んでください", blocks: [{ type: "choices", actionId: "flow:pick", prompt: "団体を選んでください", choices }] }]
        : [{ text: "ok", blocks: [] }];
    await mm.slash(person, dm, "pick");
    const question = mm.lastIn(dm.id);
    const menu = question.props.attachments?.[0]?.actions?.[0];
    expect(menu?.type).toBe("select");
    expect(menu?.options).toHaveLength(12);
    await mm.press(person, question, "選択肢 7");
    expect(received.at(-1)).toMatchObject({ kind: "action", actionId: "flow:pick", value: choices[6]!.value });
    expect(readable(question)).toContain("✅ 選択済み: 選択肢 7");
    expect(buttonsOf(question)).toEqual([]);
  });

  it("asks before acting on a choice marked for confirmation", async () => {
    const person = kimura();
    const dm = mm.dmOf(person);
    script = (event) =>
      text(event) === "delete"
        ? [
            {
              text: "削除",
              blocks: [
                {
                  type: "choices",
                  actionId: "flow:delete",
                  choices: [{ label: "削除する", value: "yes", style: "danger" }],
                  confirm: { title: "本当に削除しますか", text: "元に戻せません" },
                },
              ],
            },
          ]
        : [];
    await mm.slash(person, dm, "delete");
    await mm.press(person, mm.lastIn(dm.id), "削除する");
    expect(received.filter((e) => e.kind === "action")).toEqual([]);
    const confirmation = mm.lastIn(dm.id);
    expect(readable(confirmation)).toContain("本当に削除しますか\n元に戻せません");
    expect(buttonsOf(confirmation)).toEqual(["はい（削除する）", "やめる"]);
    await mm.press(person, confirmation, "やめる");
    expect(received.filter((e) => e.kind === "action")).toEqual([]);
    expect(readable(confirmation)).toContain("✅ 選択済み: やめる");

    await mm.press(
      person,
      mm.seenIn(dm.id).find((p) => buttonsOf(p).includes("削除する"))!,
      "削除する",
    );
    await mm.press(person, mm.lastIn(dm.id), "はい（削除する）");
    expect(received.filter((e) => e.kind === "action")).toMatchObject([{ actionId: "flow:delete", value: "yes" }]);
  });

  it("splits a message longer than a post into numbered parts within Mattermost's limits", async () => {
    const person = kimura();
    const dm = mm.dmOf(person);
    const long: OutboundMessage = {
      text: "長い回答",
      blocks: [
        { type: "header", text: "集計結果 # 1" },
        { type: "text", text: `${"共同調達の集計です。*強調ではない* _下線でもない_ @all ".repeat(900)}終わり` },
        {
          type: "table",
          columns: ["団体", "回答"],
          rows: Array.from({ length: 56 }, (_, i) => [`団体|${i + 1}`, i % 2 ? "参加" : "不参加"]),
        },
        { type: "choices", actionId: "cmd", choices: [{ label: "ヘルプ", value: "help" }] },
      ],
    };
    script = () => [long];
    await mm.slash(person, dm, "results");
    const posts = mm.seenIn(dm.id).slice(-3);
    expect(posts.length).toBeGreaterThan(1);
    const parts = posts.filter((p) => /（\d+ \/ \d+）$/.test(p.message));
    expect(parts.length).toBeGreaterThanOrEqual(2);
    for (const post of parts) expect(Array.from(post.message).length).toBeLessThanOrEqual(16383);
    const all = parts.map((p) => p.message).join("\n");
    expect(all).toContain("#### 集計結果 # 1");
    expect(all).toContain("\\*強調ではない\\*");
    expect(all).not.toMatch(/@all/);
    expect(all).toContain("| 団体\\|56 | 参加 |");
    expect(buttonsOf(parts.at(-1)!)).toEqual(["ヘルプ"]);
    expect(mm.calls.filter((c) => c.status >= 400)).toEqual([]);
  });

  it("answers presses on ephemeral posts through the response URL five times, then in the direct channel", async () => {
    const person = kimura();
    const channel = mm.channel("general");
    let step = 0;
    script = () => {
      step += 1;
      return [
        {
          text: `質問 ${step}`,
          blocks: [
            { type: "text", text: `質問 ${step}` },
            { type: "choices", actionId: "flow:steps", choices: [{ label: "次へ", value: String(step) }] },
          ],
        },
      ];
    };
    await mm.slash(person, channel, "steps");
    for (let i = 0; i < 5; i++) await mm.press(person, mm.lastIn(channel.id, person), "次へ");
    expect(mm.callsTo("POST", /^\/hooks\/commands\//)).toHaveLength(5);
    const sixth = await mm.press(person, mm.lastIn(channel.id, person), "次へ");
    expect(sixth.body.ephemeral_text).toContain("ダイレクトメッセージ");
    const inDirect = mm.lastIn(mm.dmOf(person).id);
    expect(inDirect.message).toBe("質問 7");
    // The conversation is still the channel's, so the flow continues from the direct channel.
    await mm.press(person, inDirect, "次へ");
    expect(received.map((e) => e.ref.conversationId)).toEqual(Array(8).fill(channel.id));
    expect(mm.lastIn(mm.dmOf(person).id).message).toBe("質問 8");
  });

  it("waits out a 429 named by Mattermost and posts once", async () => {
    const person = kimura();
    const dm = mm.dmOf(person);
    script = () => [{ text: "こんにちは", blocks: [] }];
    mm.failNext("POST", /^\/api\/v4\/posts$/, 429, 1, { "retry-after": "0" });
    await mm.slash(person, dm, "hello");
    expect(mm.callsTo("POST", /^\/api\/v4\/posts$/).map((c) => c.status)).toEqual([429, 201]);
    expect(mm.seenIn(dm.id).filter((p) => p.message === "こんにちは")).toHaveLength(1);
  });

  it("refuses to start with a bot token Mattermost rejects", async () => {
    const bad = new MattermostAdapter({
      url: mm.url,
      botToken: "wrong",
      commandTokens: [COMMAND_TOKEN],
      websocket: false,
      logger,
      locale: "ja",
    });
    await expect(bad.start(() => Promise.resolve([]))).rejects.toThrow(/MATTERMOST_BOT_TOKEN/);
  });
});

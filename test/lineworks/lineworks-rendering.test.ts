// What Kyodo's neutral messages look like on LINE WORKS, checked against the documented limits the fake
// enforces (checkContent): long text split at 2,000 characters, up to 10 choices as a button template and
// more as quick replies 12 a page with "more", labels cut to 20 characters with the action kept on the
// server when it is long, tables as a flexible template (or text when LINE WORKS' smaller carousel limit
// would break), and a flexible template LINE WORKS refuses sent again as text.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { LineWorksAdapter } from "../../src/adapters/lineworks/lineworks-adapter.ts";
import { composeContents, type RenderTexts } from "../../src/adapters/lineworks/render-content.ts";
import { decodePostback } from "../../src/adapters/shared/postback-data.ts";
import { silentLogger } from "../../src/config/logger.ts";
import type { OutboundMessage } from "../../src/engine/messages.ts";
import { DbActionPayloadStore } from "../../src/storage/action-payloads.ts";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";
import { checkContent, FakeLineWorks, type ContentShape } from "./support/fake-lineworks-api.ts";
import { lineworksEnv } from "./support/lineworks-kyodo.ts";
import { lineworksSettings } from "../../src/config/lineworks-settings.ts";
import { loadConfig } from "../../src/config/config.ts";

let kyodo: TestKyodo;
let works: FakeLineWorks;
let store: DbActionPayloadStore;
const texts: RenderTexts = { more: "次へ", cancel: "キャンセル", choose: "選んでください。", formUnsupported: "-" };
const now = new Date();

beforeAll(async () => {
  kyodo = await startTestKyodo({}, { http: false });
  works = await new FakeLineWorks().start();
  store = new DbActionPayloadStore(kyodo.db);
});
afterAll(async () => {
  await kyodo?.dispose();
  await works?.stop();
});
beforeEach(() => {
  works.reset();
  works.refuseFlex = false;
});

const choices = (n: number, label = (i: number) => `選択肢${i + 1}`): OutboundMessage => ({
  text: "どれにしますか",
  blocks: [
    { type: "text", text: "どれにしますか" },
    { type: "choices", actionId: "flow:test", choices: Array.from({ length: n }, (_, i) => ({ label: label(i), value: `v${i + 1}` })) },
  ],
});
const table = (rows: number): OutboundMessage => ({
  text: "集計",
  blocks: [
    { type: "header", text: "回答状況" },
    { type: "table", columns: ["団体", "回答"], rows: Array.from({ length: rows }, (_, i) => [`団体${i + 1}`, i % 2 ? "済" : "未"]) },
  ],
});
const withinLimits = (contents: ContentShape[]) => contents.map(checkContent);

describe("LINE WORKS rendering", () => {
  it("splits long text at the 2,000-character limit", async () => {
    const long = `${"あいうえお".repeat(500)}\n${"かきくけこ".repeat(500)}`;
    const contents = await composeContents([{ text: long, blocks: [{ type: "text", text: long }] }], store, texts, now);
    expect(contents.length).toBeGreaterThan(1);
    expect(withinLimits(contents)).toEqual(contents.map(() => undefined));
    const pieces = contents.map((c) => String(c.text));
    expect(pieces.every((p) => p.length <= 2000)).toBe(true);
    expect(pieces.join("").replace(/\n/g, "")).toBe(long.replace(/\n/g, ""));
  });

  it("offers up to 10 choices as a button template under the question, more as quick replies with a next page", async () => {
    const ten = await composeContents([choices(10)], store, texts, now);
    expect(ten).toHaveLength(1);
    expect(ten[0]).toMatchObject({ type: "button_template", contentText: "どれにしますか" });
    expect((ten[0]!.actions as unknown[]).length).toBe(10);

    const fifteen = await composeContents([choices(15)], store, texts, now);
    const items = (fifteen.at(-1)!.quickReply as { items: Array<{ action: { label: string; postback: string } }> }).items;
    expect(items).toHaveLength(13);
    expect(items.at(-1)!.action.label).toBe("次へ");
    const more = await decodePostback(store, items.at(-1)!.action.postback, now);
    expect(more.kind === "more" && more.choices.map((c) => c.label)).toEqual(["選択肢13", "選択肢14", "選択肢15"]);
    expect(withinLimits([...ten, ...fifteen])).toEqual([undefined, ...fifteen.map(() => undefined)]);
  });

  it("cuts labels to 20 characters and keeps a long action on the server", async () => {
    const long = choices(2, (i) => `とても長い選択肢の名前がここに入ります（${i + 1}）`);
    long.blocks[1] = {
      ...(long.blocks[1] as Extract<OutboundMessage["blocks"][number], { type: "choices" }>),
      actionId: `flow:${"x".repeat(400)}`,
    };
    const [template] = await composeContents([long], store, texts, now);
    const actions = template!.actions as Array<{ label: string; postback: string }>;
    expect(actions.every((a) => a.label.length <= 20)).toBe(true);
    expect(actions[0]!.postback).toMatch(/^k\|/);
    expect(await decodePostback(store, actions[0]!.postback, now)).toMatchObject({ kind: "action", value: "v1" });
    expect(checkContent(template)).toBeUndefined();
  });

  it("shows a table as a flexible template, and a table too large for LINE WORKS' carousel as text", async () => {
    const [small] = await composeContents([table(8)], store, texts, now);
    expect(small!.type).toBe("flex");
    expect(checkContent(small)).toBeUndefined();
    const big = await composeContents([table(400)], store, texts, now);
    expect(big.every((c) => c.type === "text")).toBe(true);
    expect(withinLimits(big)).toEqual(big.map(() => undefined));
  });

  it("sends a refused flexible template again as text", async () => {
    const adapter = new LineWorksAdapter({
      ...lineworksSettings(loadConfig(lineworksEnv(works)))!,
      payloads: store,
      logger: silentLogger(),
    });
    works.refuseFlex = true;
    await adapter.post({ platform: "lineworks", workspace: "40029600", conversationId: "channels/room-x" }, table(5));
    expect(works.callsTo("/channels/room-x/messages").map((c) => c.status)).toEqual([400, 201]);
    expect(works.deliveries).toHaveLength(1);
    expect(works.deliveries[0]!.content.type).toBe("text");
    expect(works.deliveries[0]!.content.text).toContain("団体5");
  });
});

describe("LINE WORKS list template", () => {
  const described: OutboundMessage = {
    text: "関心の度合いを選んでください",
    blocks: [
      { type: "text", text: "関心の度合いを選んでください" },
      {
        type: "choices",
        actionId: "flow:interest",
        choices: [
          { label: "参加したい", value: "high", description: "来年度の予算要求に入れる予定です" },
          { label: "検討したい", value: "mid", description: "情報収集の段階です" },
          { label: "関心なし", value: "none" },
        ],
      },
    ],
  };

  it("offers up to 4 choices with help as a list template: the question on the cover, the help under each", async () => {
    const contents = await composeContents([described], store, texts, now);
    expect(contents).toHaveLength(1);
    const list = contents[0] as ContentShape;
    expect(list).toMatchObject({ type: "list_template", coverData: { title: "関心の度合いを選んでください" } });
    expect(list.elements!.map((e) => [e.title, e.subtitle])).toEqual([
      ["参加したい", "来年度の予算要求に入れる予定です"],
      ["検討したい", "情報収集の段階です"],
      ["関心なし", undefined],
    ]);
    const pressed = await decodePostback(store, list.elements![1]!.action![0]!.postback!, now);
    expect(pressed).toMatchObject({ kind: "action", actionId: "flow:interest", value: "mid" });
    expect(checkContent(list)).toBeUndefined();
  });

  it("sends the same buttons as a button template when LINE WORKS refuses the list template", async () => {
    const adapter = new LineWorksAdapter({
      ...lineworksSettings(loadConfig(lineworksEnv(works)))!,
      payloads: store,
      logger: silentLogger(),
    });
    works.refuseList = true;
    await adapter.post({ platform: "lineworks", workspace: "40029600", conversationId: "users/u-list", isDirect: true }, described);
    expect(works.callsTo("/users/u-list/messages").map((c) => c.status)).toEqual([400, 201]);
    expect(works.deliveries[0]!.content).toMatchObject({ type: "button_template", contentText: "関心の度合いを選んでください" });
    expect(works.deliveries[0]!.content.actions!.map((a) => a.label)).toEqual(["参加したい", "検討したい", "関心なし"]);
    works.refuseList = false;
  });
});

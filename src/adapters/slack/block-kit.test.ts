// The Block Kit renderer keeps every block inside Slack's limits, whatever the engine sends.
import { describe, expect, it } from "vitest";
import { translator } from "../../engine/i18n.ts";
import type { Block, OutboundMessage } from "../../engine/messages.ts";
import { ActionCounter, decodeActionId, encodeActionId, renderBlock, type RenderOptions, type SlackBlock } from "./block-kit.ts";
import { escapeMrkdwn, splitText, truncate, unescapeSlackText } from "./limits.ts";
import { renderHomeBlocks, renderMessage } from "./messages.ts";
// The blocks read as JSON, field by field, the way the Slack fakes read them (Slack's own types are a union to narrow at each step).
import { labelOf, type BlockJson } from "../../../test/slack/support/slack-wire.ts";

const options: RenderOptions = { t: translator("en"), formButtonValue: () => "form-value" };
const asJson = (blocks: SlackBlock[]) => blocks as BlockJson[];
const render = (block: Block) => asJson(renderBlock(block, new ActionCounter(), options));
const textOf = (b: BlockJson): string => b.text?.text ?? "";

describe("Slack text limits", () => {
  it("splits at line breaks, never over the limit, and loses nothing", () => {
    const text = Array.from({ length: 500 }, (_, i) => `line ${i} ${"あ".repeat(20)}`).join("\n");
    const pieces = splitText(text, 3000);
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.every((p) => p.length <= 3000)).toBe(true);
    expect(pieces.join("\n")).toBe(text);
  });

  it("never splits or truncates inside a surrogate pair", () => {
    const emoji = "👍".repeat(2000);
    for (const piece of splitText(emoji, 3001)) expect(piece).toMatch(/^(👍)+$/u);
    expect(truncate(emoji, 10)).toBe(`${"👍".repeat(4)}…`);
  });

  it("escapes and unescapes Slack's control characters and links", () => {
    expect(escapeMrkdwn("a & <b> c")).toBe("a &amp; &lt;b&gt; c");
    expect(unescapeSlackText("link &lt;code&gt; &amp; <https://example.jp|example> <mailto:a@b.jp>")).toBe(
      "link <code> & example mailto:a@b.jp",
    );
  });
});

describe("Block Kit rendering", () => {
  it("splits long text into sections of at most 3,000 characters, counting the escaped length", () => {
    const blocks = render({ type: "text", text: "&".repeat(2000) });
    expect(blocks.length).toBe(4);
    expect(blocks.every((b) => b.type === "section" && textOf(b).length <= 3000)).toBe(true);
  });

  it("keeps a long title whole, in bold sections, instead of a header block", () => {
    expect(render({ type: "header", text: "Short" })).toEqual([
      { type: "header", text: { type: "plain_text", text: "Short", emoji: true } },
    ]);
    const long = render({ type: "header", text: "T".repeat(200) });
    expect(long[0]).toMatchObject({ type: "section", text: { text: `*${"T".repeat(200)}*` } });
  });

  it("puts at most ten fields in a section and gives a very long field its own section", () => {
    const fields = Array.from({ length: 23 }, (_, i) => ({ label: `L${i}`, value: i === 5 ? "v".repeat(2500) : "v" }));
    const blocks = render({ type: "fields", fields });
    expect(blocks.every((b) => (b.fields?.length ?? 0) <= 10)).toBe(true);
    expect(blocks.flatMap((b) => b.fields ?? []).length).toBe(22);
    expect(blocks.some((b) => textOf(b).startsWith("*L5*\n"))).toBe(true);
  });

  it("shows up to five choices as buttons with unique action ids, styles and confirmation", () => {
    const [prompt, actions] = render({
      type: "choices",
      actionId: "flow:vote",
      prompt: "Your vote on motion 1",
      confirm: { title: "Vote", text: "Votes cannot be changed." },
      choices: [
        { label: "賛成", value: "yes", style: "primary" },
        { label: "反対", value: "no", style: "danger" },
        { label: "棄権", value: "abstain" },
      ],
    });
    expect(textOf(prompt!)).toBe("Your vote on motion 1");
    const buttons = actions!.elements ?? [];
    expect(buttons.map((b) => b.style)).toEqual(["primary", "danger", undefined]);
    expect(new Set(buttons.map((b) => b.action_id)).size).toBe(3);
    expect(buttons.map((b) => decodeActionId(b.action_id ?? ""))).toEqual(["flow:vote", "flow:vote", "flow:vote"]);
    expect(buttons[0]!.confirm).toMatchObject({
      title: { text: "Vote" },
      text: { text: "Votes cannot be changed." },
      confirm: { text: "Yes" },
      deny: { text: "Cancel" },
    });
  });

  it("shows many choices as a select, grouped by hundreds beyond 100 options", () => {
    const choices = (n: number) => Array.from({ length: n }, (_, i) => ({ label: `Body ${i}`, value: `b${i}` }));
    const [small] = render({ type: "choices", actionId: "cmd", choices: choices(40) });
    expect(small!.elements?.[0]).toMatchObject({ type: "static_select", placeholder: { text: "Choose…" } });
    expect(small!.elements?.[0]?.options).toHaveLength(40);
    const [large] = render({ type: "choices", actionId: "cmd", choices: choices(250) });
    const groups = large!.elements?.[0]?.option_groups ?? [];
    expect(groups.map((g) => [g.label.text, g.options.length])).toEqual([
      ["1–100", 100],
      ["101–200", 100],
      ["201–250", 50],
    ]);
  });

  it("keeps choices whose values are too long for a select on buttons, 25 to an actions block", () => {
    const choices = Array.from({ length: 30 }, (_, i) => ({ label: "x".repeat(100), value: `organs ${"y".repeat(80)} ${i}` }));
    const blocks = render({ type: "choices", actionId: "cmd", choices });
    expect(blocks.map((b) => b.elements?.length)).toEqual([25, 5]);
    expect(labelOf(blocks[0]!.elements?.[0])).toHaveLength(75);
  });

  it("renders a table as monospace sections with the header repeated on each", () => {
    const rows = Array.from({ length: 300 }, (_, i) => [String(i), `名前${i}`]);
    const blocks = render({ type: "table", columns: ["No", "Name"], rows, caption: "Bodies" });
    expect(textOf(blocks[0]!)).toBe("Bodies");
    const tables = blocks.slice(1);
    expect(tables.length).toBeGreaterThan(1);
    for (const table of tables) {
      expect(textOf(table).length).toBeLessThanOrEqual(3000);
      expect(textOf(table)).toMatch(/^```\nNo +Name\n/);
    }
    expect(tables.map(textOf).join("\n")).toContain("299  名前299");
  });

  it("refuses an action id Slack could not carry, and decodes what it encodes", () => {
    expect(decodeActionId(encodeActionId("flow:a|b", 7))).toBe("flow:a|b");
    expect(() => encodeActionId("x".repeat(260), 1)).toThrow(/longer than Slack allows/);
  });
});

describe("Slack messages and the Home tab", () => {
  const many = (n: number): OutboundMessage => ({
    text: "many",
    blocks: Array.from({ length: n }, (_, i) => ({ type: "text" as const, text: `item ${i}` })),
  });

  it("a message of 50 blocks or fewer stays one message with the engine's fallback text", () => {
    const [only, ...rest] = renderMessage(many(50), options);
    expect(rest).toEqual([]);
    expect(only!.blocks).toHaveLength(50);
    expect(only!.text).toBe("many");
  });

  it("escapes the fallback text, which Slack reads as mrkdwn", () => {
    const [only] = renderMessage({ text: "Send /kyodo link <code> & wait", blocks: [] }, options);
    expect(only!.text).toBe("Send /kyodo link &lt;code&gt; &amp; wait");
    expect(renderMessage({ text: " ", blocks: [{ type: "text", text: "" }] }, options)).toEqual([]);
  });

  it("a longer message is split into numbered parts of at most 50 blocks", () => {
    const parts = renderMessage(many(120), options);
    expect(parts).toHaveLength(3);
    expect(parts.every((p) => p.blocks.length <= 50)).toBe(true);
    expect(parts.map((p) => labelOf(asJson(p.blocks).at(-1)?.elements?.[0]))).toEqual(["(1 of 3)", "(2 of 3)", "(3 of 3)"]);
    expect(parts[1]!.text).toContain("item 49");
  });

  it("keeps a question's prompt and its buttons in the same message", () => {
    const message: OutboundMessage = {
      text: "q",
      blocks: [...many(48).blocks, { type: "choices", actionId: "cmd", prompt: "Next?", choices: [{ label: "Help", value: "help" }] }],
    };
    const parts = renderMessage(message, options);
    const withButtons = parts.find((p) => p.blocks.some((b: SlackBlock) => b.type === "actions"))!;
    expect(asJson(withButtons.blocks).some((b) => b.type === "section" && b.text?.text === "Next?")).toBe(true);
  });

  it("the Home tab holds at most 100 blocks and says when something was left out", () => {
    expect(renderHomeBlocks([many(60), many(30)], options)).toHaveLength(91); // with one divider between replies
    const cut = asJson(renderHomeBlocks([many(150)], options));
    expect(cut).toHaveLength(100);
    expect(labelOf(cut.at(-1)?.elements?.[0])).toContain("More was left out");
  });
});

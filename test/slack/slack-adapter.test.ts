// The Slack adapter's side of the contract, for what today's commands do not produce yet (forms, very
// long content): the adapter runs on Kyodo's HTTP app against the fake Slack, and a scripted inbound
// handler stands where the engine would be. Also: Slack's 429s, refusals told to the person, and
// failures logged with the request id.
import { pino } from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SlackAdapter } from "../../src/adapters/slack/slack-adapter.ts";
import type { InboundEvent, OutboundMessage } from "../../src/engine/messages.ts";
import { createHttpApp, finishRoutes, listen, type HttpServer } from "../../src/http/server.ts";
import { BOT_TOKEN, elementsIn, FakeSlack, optionsOf, type ViewJson } from "./support/fake-slack.ts";
import {
  directMessage,
  dmOf,
  homeOpened,
  press,
  readable,
  send,
  sendEvent,
  sendInteraction,
  sendSlash,
  SIGNING_SECRET,
  slashCommand,
  submitView,
  type SlackPerson,
} from "./support/slack-requests.ts";

/** A log line as pino writes it. */
type LogLine = Record<string, unknown>;

let fake: FakeSlack;
let adapter: SlackAdapter;
let http: HttpServer;
let baseUrl: string;
const logs: LogLine[] = [];
const received: InboundEvent[] = [];
let script: (event: InboundEvent) => OutboundMessage[] = () => [];

const person: SlackPerson = { team: "T0001", user: "U0KIMURA" };

beforeAll(async () => {
  fake = await FakeSlack.start();
  const logger = pino({ level: "debug" }, { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) });
  adapter = new SlackAdapter({
    botToken: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    apiUrl: fake.apiUrl,
    logger,
    locale: "en",
    api: { maxRetryAfterSeconds: 5 },
  });
  // Kyodo's own HTTP app (request ids, 404s); the database behind /readyz is not used here.
  const app = createHttpApp({} as never, logger);
  adapter.mount(app);
  finishRoutes(app);
  http = await listen(app, 0, "127.0.0.1");
  baseUrl = `http://127.0.0.1:${http.port}`;
  await adapter.start((event) => {
    received.push(event);
    return Promise.resolve(script(event));
  });
});
afterAll(async () => {
  await adapter?.stop();
  await http?.close();
  await fake?.close();
});
beforeEach(() => {
  received.length = 0;
});

const lastEvent = () => received[received.length - 1]!;

function longMessage(): OutboundMessage {
  const choices = (n: number, value: (i: number) => string) =>
    Array.from({ length: n }, (_, i) => ({ label: `Option ${i + 1} ${"あ".repeat(80)}`, value: value(i) }));
  return {
    text: "A long answer",
    blocks: [
      { type: "header", text: `H${"見出し".repeat(70)}` },
      { type: "text", text: `${"Tom & Jerry <script> ".repeat(400)}THE-END-OF-TEXT` },
      ...Array.from({ length: 60 }, (_, i) => ({ type: "text" as const, text: `paragraph ${i + 1}` })),
      {
        type: "fields",
        fields: Array.from({ length: 25 }, (_, i) => ({ label: `field ${i + 1}`, value: i === 3 ? "長".repeat(2500) : `value ${i + 1}` })),
      },
      { type: "choices", actionId: "flow:pick", prompt: "Pick a body", choices: choices(250, (i) => `v${i}`) },
      { type: "choices", actionId: "cmd", choices: choices(30, (i) => `organs ${"x".repeat(100)} ${i}`) },
      {
        type: "table",
        caption: "Members",
        columns: ["code", "name"],
        rows: Array.from({ length: 400 }, (_, i) => [String(100000 + i), `団体 ${i} & <co>`]),
      },
      { type: "progress", label: "Answered", done: 17, total: 56 },
      { type: "context", text: "c".repeat(5000) },
    ],
  };
}

describe("Slack adapter", () => {
  it("splits long content over several messages within Slack's limits, losing nothing", async () => {
    script = () => [longMessage()];
    await sendEvent(baseUrl, directMessage(person, "long please"));
    await fake.waitFor(() => fake.callsTo("chat.postMessage").length > 1);
    await fake.settle();
    const parts = fake.callsTo("chat.postMessage").filter((c) => c.args.channel === dmOf(person));
    expect(parts.length).toBeGreaterThanOrEqual(2);
    expect(parts.reduce((n, p) => n + (p.args.blocks?.length ?? 0), 0)).toBeGreaterThan(50);
    expect(fake.problems).toEqual([]);
    expect(parts.every((p) => p.args.blocks && p.args.blocks.length <= 50 && p.args.text && p.args.text.length > 0)).toBe(true);
    expect(readable(parts[0]!.args.blocks)).toContain(`(1 of ${parts.length})`);
    const all = parts.map((p) => readable(p.args.blocks)).join("\n");
    expect(all).toContain("THE-END-OF-TEXT");
    expect(all).toContain("Tom &amp; Jerry &lt;script&gt;");
    expect(all).toContain("paragraph 60");
    expect(all).toContain("100399"); // the last table row
    expect(all).toContain("17/56");
    const elements = parts.flatMap((p) => elementsIn(p.args.blocks));
    const selects = elements.filter((e) => e.type === "static_select");
    expect(selects.every((s) => s.option_groups !== undefined)).toBe(true);
    expect(selects.flatMap(optionsOf)).toHaveLength(250);
    const buttons = elements.filter((e) => e.type === "button");
    expect(buttons.map((b) => b.value)).toContain(`organs ${"x".repeat(100)} 29`);
  });

  it("an option picked from a grouped select reaches the engine with its value, and the select is replaced", async () => {
    const part = fake
      .callsTo("chat.postMessage")
      .find((c) => c.args.channel === dmOf(person) && (c.args.blocks ?? []).some((b) => b.elements?.[0]?.type === "static_select"))!;
    script = () => [{ text: "Noted", blocks: [{ type: "text", text: "Noted" }] }];
    const label = `Option 234 ${"あ".repeat(80)}`.slice(0, 74) + "…";
    await sendInteraction(
      baseUrl,
      press(
        person,
        {
          kind: "message",
          channel: dmOf(person),
          ts: part.result!.ts,
          blocks: part.args.blocks ?? [],
          text: part.args.text,
          responseUrl: fake.responseUrl(),
        },
        label,
      ),
    );
    const update = await fake.waitFor(() => fake.callsTo("chat.update").find((c) => c.args.ts === part.result!.ts));
    expect(lastEvent()).toMatchObject({
      kind: "action",
      actionId: "flow:pick",
      value: "v233",
      ref: { conversationId: dmOf(person), isDirect: true },
    });
    expect((update.args.blocks ?? []).some((b) => b.elements?.[0]?.type === "static_select")).toBe(false);
    expect(readable(update.args.blocks)).toContain("✅ Chosen: Option 234");
  });

  it("posts outside a reply, to a person's DM when given a user id", async () => {
    await adapter.post(
      { platform: "slack", workspace: "T0001", conversationId: "U0OTHER" },
      { text: "Reminder", blocks: [{ type: "text", text: "Reminder: the survey closes on Friday" }] },
    );
    expect(fake.callsTo("conversations.open").some((c) => c.args.users === "U0OTHER")).toBe(true);
    expect(fake.callsTo("chat.postMessage").at(-1)!.args).toMatchObject({ channel: "D0OTHER", text: "Reminder" });
  });

  it("opens a form as a modal with the trigger id, and its submission reaches the engine as a form event", async () => {
    script = (event) =>
      event.kind === "form"
        ? [{ text: `Thanks, ${event.values.count}`, blocks: [] }]
        : [
            {
              text: "Please answer",
              blocks: [
                { type: "text", text: "Please answer the survey." },
                {
                  type: "form",
                  formId: "survey-2027",
                  title: "Participation in the 2027 joint procurement",
                  submitLabel: "Send",
                  fields: [
                    {
                      id: "join",
                      label: "Will you take part?",
                      kind: "select",
                      required: true,
                      options: [
                        { label: "Yes", value: "yes" },
                        { label: "No", value: "no" },
                      ],
                    },
                    { id: "count", label: "How many licences?", kind: "number", required: true },
                    { id: "from", label: "From when?", kind: "date", required: false },
                    { id: "note", label: "Notes", kind: "text", required: false, maxLength: 5000 },
                  ],
                },
              ],
            },
          ];
    const slash = slashCommand(person, "survey", fake.responseUrl());
    await sendSlash(baseUrl, slash);
    const [open] = await fake.waitFor(() => fake.callsTo("views.open").length > 0 && fake.callsTo("views.open"));
    expect(open!.args.trigger_id).toBe(slash.triggerId);
    const view = open!.args.view!;
    expect(view.title?.text.length).toBeLessThanOrEqual(24);
    expect(readable(view.blocks)).toContain("Participation in the 2027 joint procurement");
    expect(view.blocks.filter((b) => b.type === "input").map((b) => b.block_id)).toEqual(["join", "count", "from", "note"]);
    // The answer in the channel keeps a button to open the form again.
    const [message] = await fake.waitFor(() => fake.responsesTo(slash.responseUrl).length > 0 && fake.responsesTo(slash.responseUrl));
    expect(readable(message!.body.blocks)).toContain("Fill in");

    const submission = submitView(
      person,
      { ...view, id: "V0SURVEY" },
      {
        join: { type: "static_select", selected_option: { text: { type: "plain_text", text: "Yes" }, value: "yes" } },
        count: { type: "number_input", value: "12" },
        from: { type: "datepicker", selected_date: "2027-04-01" },
        note: { type: "plain_text_input", value: null },
      },
    );
    const ack = await sendInteraction(baseUrl, submission);
    expect(ack.status).toBe(200);
    expect(ack.text).toBe(""); // an empty acknowledgement closes the modal
    await fake.waitFor(() => received.some((e) => e.kind === "form"));
    const form = received.find((e) => e.kind === "form")!;
    expect(form).toMatchObject({ kind: "form", formId: "survey-2027", values: { join: "yes", count: "12", from: "2027-04-01", note: "" } });
    expect(form.ref).toMatchObject({ platform: "slack", workspace: "T0001", conversationId: "C0GENERAL" });
    const replies = await fake.waitFor(() => fake.responsesTo(slash.responseUrl).length >= 2 && fake.responsesTo(slash.responseUrl));
    expect(replies[1]!.body.text).toBe("Thanks, 12");
  });

  it("pages a form longer than a modal, and sends all answers at the end", async () => {
    const longValue = (i: number) => `body-${i}-${"z".repeat(90)}`;
    const fields = Array.from({ length: 150 }, (_, i) =>
      i === 120
        ? {
            id: "f120",
            label: "Which body?",
            kind: "select" as const,
            required: true,
            options: [0, 1, 2].map((j) => ({ label: `Body ${j}`, value: longValue(j) })),
          }
        : { id: `f${i}`, label: `Question ${i + 1}`, kind: "text" as const, required: false },
    );
    script = () => [{ text: "Long survey", blocks: [{ type: "form", formId: "long", title: "Long survey", submitLabel: "Send", fields }] }];
    const slash = slashCommand(person, "long survey", fake.responseUrl());
    await sendSlash(baseUrl, slash);
    const [open] = await fake.waitFor(
      () =>
        fake.callsTo("views.open").filter((c) => c.args.trigger_id === slash.triggerId).length > 0 &&
        fake.callsTo("views.open").filter((c) => c.args.trigger_id === slash.triggerId),
    );
    const page1 = open!.args.view!;
    expect(readable(page1.blocks)).toContain("Page 1 of 2");
    expect(page1.submit?.text).toBe("Next");
    expect(fake.problems).toEqual([]);
    const answers1 = Object.fromEntries(
      page1.blocks
        .filter((b) => b.type === "input")
        .map((b): [string, Record<string, unknown>] => [b.block_id ?? "", { type: "plain_text_input", value: `answer ${b.block_id}` }]),
    );
    const next = await sendInteraction(baseUrl, submitView(person, { ...page1, id: "V0LONG" }, answers1));
    const update = JSON.parse(next.text) as { response_action?: string; view: ViewJson };
    expect(update.response_action).toBe("update");
    const page2 = update.view;
    expect(readable(page2.blocks)).toContain("Page 2 of 2");
    expect(page2.submit?.text).toBe("Send");
    const select = page2.blocks.find((b) => b.block_id === "f120");
    const option = optionsOf(select?.element).find((o) => o.text.text === "Body 2")!;
    const answers2 = Object.fromEntries(
      page2.blocks
        .filter((b) => b.type === "input")
        .map((b): [string, Record<string, unknown>] => [
          b.block_id ?? "",
          b.block_id === "f120"
            ? { type: "static_select", selected_option: option }
            : { type: "plain_text_input", value: `answer ${b.block_id}` },
        ]),
    );
    const last = await sendInteraction(baseUrl, submitView(person, { ...page2, id: "V0LONG" }, answers2));
    expect(last.text).toBe("");
    await fake.waitFor(() => received.some((e) => e.kind === "form"));
    const form = lastEvent() as Extract<InboundEvent, { kind: "form" }>;
    expect(Object.keys(form.values)).toHaveLength(150);
    expect(form.values.f0).toBe("answer f0");
    expect(form.values.f149).toBe("answer f149");
    expect(form.values.f120).toBe(longValue(2));
  });

  it("a form posted outside a reply opens from its button with that click's trigger id", async () => {
    const form: OutboundMessage = {
      text: "Survey",
      blocks: [
        {
          type: "form",
          formId: "later",
          title: "Survey",
          submitLabel: "Send",
          fields: [{ id: "q", label: "Q", kind: "text", required: true }],
        },
      ],
    };
    await adapter.post({ platform: "slack", workspace: "T0001", conversationId: dmOf(person) }, form);
    const posted = fake.callsTo("chat.postMessage").at(-1)!;
    const click = press(
      person,
      { kind: "message", channel: dmOf(person), ts: posted.result!.ts, blocks: posted.args.blocks ?? [], responseUrl: fake.responseUrl() },
      "Fill in",
    );
    await sendInteraction(baseUrl, click);
    const [open] = await fake.waitFor(
      () =>
        fake.callsTo("views.open").filter((c) => c.args.trigger_id === click.trigger_id).length > 0 &&
        fake.callsTo("views.open").filter((c) => c.args.trigger_id === click.trigger_id),
    );
    expect(JSON.parse(open!.args.view?.private_metadata ?? "")).toMatchObject({ f: "later", o: { channel: dmOf(person) } });
    expect(received).toEqual([]); // opening a form is not an answer
  });

  it("tells the person when Slack refuses to open the form, and logs it with the request id", async () => {
    script = () => [
      {
        text: "Survey",
        blocks: [
          {
            type: "form",
            formId: "x",
            title: "Survey",
            submitLabel: "Send",
            fields: [{ id: "q", label: "Q", kind: "text", required: true }],
          },
        ],
      },
    ];
    fake.failNext("views.open", { error: "expired_trigger_id" });
    const slash = slashCommand(person, "survey", fake.responseUrl());
    const ack = await sendSlash(baseUrl, slash);
    const [message] = await fake.waitFor(() => fake.responsesTo(slash.responseUrl).length > 0 && fake.responsesTo(slash.responseUrl));
    expect(readable(message!.body.blocks)).toContain("Slack could not open the form");
    expect(readable(message!.body.blocks)).toContain("Fill in");
    const logged = logs.find((l) => l.msg === "slack call failed" && l.method === "views.open");
    expect(logged).toMatchObject({ error: "expired_trigger_id", requestId: ack.requestId });
    expect(logged!.slackRequestId).toMatch(/^fake-req-/);
  });

  it("waits as long as a 429's Retry-After asks, then delivers", async () => {
    script = () => [{ text: "Hello", blocks: [{ type: "text", text: "Hello after the wait" }] }];
    fake.failNext("chat.postMessage", { status: 429, retryAfter: 1 });
    const before = fake.callsTo("chat.postMessage").length;
    await sendEvent(baseUrl, directMessage(person, "hello"));
    await fake.waitFor(() => fake.callsTo("chat.postMessage").length >= before + 2, 5000);
    const [limited, delivered] = fake.callsTo("chat.postMessage").slice(before);
    expect(delivered!.at - limited!.at).toBeGreaterThanOrEqual(1000);
    expect(readable(delivered!.args.blocks)).toContain("Hello after the wait");
    expect(logs.some((l) => l.msg === "slack rate limited; waiting as asked" && l.retryAfter === 1)).toBe(true);
  });

  it("when the response URL is refused, the person is told in their DM", async () => {
    script = () => [{ text: "Answer", blocks: [{ type: "text", text: "The answer" }] }];
    fake.failNext("response_url", { status: 404, body: "expired_url" });
    const slash = slashCommand(person, "help", fake.responseUrl());
    const ack = await sendSlash(baseUrl, slash);
    const notice = await fake.waitFor(() =>
      fake.callsTo("chat.postMessage").find((c) => c.args.channel === dmOf(person) && /did not accept/.test(c.args.text ?? "")),
    );
    expect(notice.args.text).toContain("Please wait a moment and try again");
    expect(logs.find((l) => l.msg === "slack call failed" && l.method === "response_url")).toMatchObject({
      requestId: ack.requestId,
      error: "expired_url",
    });
  });

  it("cuts a Home tab to 100 blocks with a note", async () => {
    script = () => [{ text: "Home", blocks: Array.from({ length: 150 }, (_, i) => ({ type: "text" as const, text: `task ${i + 1}` })) }];
    await sendEvent(baseUrl, homeOpened(person));
    const home = await fake.waitFor(() => fake.homes.get(person.user));
    expect(home.blocks).toHaveLength(100);
    expect(readable(home.blocks)).toContain("More was left out");
    expect(lastEvent()).toMatchObject({ kind: "text", text: "/kyodo home", ref: { conversationId: dmOf(person), isDirect: true } });
  });

  it("refuses requests before anything else, even for routes it does not know", async () => {
    expect((await send(baseUrl, "{}", "application/json", { secret: "wrong" })).status).toBe(401);
    expect(fake.problems).toEqual([]);
  });
});

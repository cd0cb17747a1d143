// The adapter contract on Slack: a real Kyodo (Bolt receiving) behind signed requests, answering through
// the fake Slack Web API and response URLs on loopback (test/slack/support).
import { expect } from "vitest";
import type { SlackAdapter } from "../../src/adapters/slack/slack-adapter.ts";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";
import { BOT_TOKEN, FakeSlack } from "../slack/support/fake-slack.ts";
import {
  directMessage,
  dmOf,
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
} from "../slack/support/slack-requests.ts";
import { settle, waitFor, type Capabilities, type ChannelHarness, type FormOutcome, type Shown, type Where } from "./channel-harness.ts";
import { describeChannelContract } from "./channel-contract.ts";

type Json = Record<string, unknown>;
// What the harness reads of Slack's JSON (type aliases, so they pass where the support expects plain records).
type TextObject = { text?: unknown };
type SlackOption = { text: { text: string }; value: string };
type SlackBlock = {
  type?: string;
  block_id?: string;
  text?: TextObject;
  fields?: TextObject[];
  elements?: TextObject[];
  element?: { type?: string; options?: SlackOption[] };
};
type SlackMessage = { channel?: string; ts?: string; text?: string; blocks?: SlackBlock[] };
type SlackView = { id?: string; blocks: SlackBlock[] };
const GROUP = "C0GENERAL";

/** The limited parts of a message: the fallback text and every section, field and context text. */
function sizesOf(message: SlackMessage): number[] {
  const sizes = [(message.text ?? "").length];
  for (const block of message.blocks ?? []) {
    for (const part of [block.text ?? {}, ...(block.fields ?? []), ...(block.elements ?? [])])
      if (typeof part.text === "string") sizes.push(part.text.length);
  }
  return sizes;
}

const shownOf = (conversation: string, message: SlackMessage): Shown => ({
  conversation,
  text: `${message.text ?? ""}\n${readable(message.blocks)}`,
  sizes: sizesOf(message),
});

class SlackHarness implements ChannelHarness {
  readonly channel = "slack";
  readonly capabilities: Capabilities = {
    signatures: true,
    redelivery: true,
    groups: true,
    opensDirect: true,
    buttons: true,
    forms: true,
    commands: true,
    linking: true,
    messageLimit: 3000,
  };
  kyodo!: TestKyodo;
  private fake!: FakeSlack;
  private adapter!: SlackAdapter;
  /** where each response URL answers: the channel of the slash command or interaction it came with */
  private readonly responseChannels = new Map<string, string>();
  private openedView: SlackView | undefined;

  async start() {
    this.fake = await FakeSlack.start();
    this.kyodo = await startTestKyodo({
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_API_URL: this.fake.apiUrl,
    });
    this.adapter = this.kyodo.channels.find((c) => c.adapter.platform === "slack")!.adapter as SlackAdapter;
  }

  async stop() {
    await this.kyodo?.dispose();
    await this.fake?.close();
  }

  private person(user: string): SlackPerson {
    return { team: "T0001", user: `U0${user.toUpperCase()}` };
  }

  conversationOf(user: string, where: Where) {
    return where === "direct" ? dmOf(this.person(user)) : GROUP;
  }

  link(user: string, handle: string) {
    return this.kyodo.codeFor(handle).then((code) => this.say(user, `link ${code}`));
  }

  async say(user: string, text: string, where: Where = "direct") {
    return this.collect(async () => {
      const person = this.person(user);
      if (where === "direct") {
        expect((await sendEvent(this.kyodo.baseUrl, directMessage(person, text))).status).toBe(200);
        return;
      }
      const slash = slashCommand(person, text, this.fake.responseUrl(), GROUP);
      this.responseChannels.set(slash.responseUrl, GROUP);
      expect((await sendSlash(this.kyodo.baseUrl, slash)).status).toBe(200);
    });
  }

  async sayTwice(user: string, text: string) {
    const envelope = directMessage(this.person(user), text);
    return this.collect(async () => {
      expect((await sendEvent(this.kyodo.baseUrl, envelope)).status).toBe(200);
      expect((await sendEvent(this.kyodo.baseUrl, envelope, { retryNum: 1 })).status).toBe(200);
    });
  }

  async sayForged(user: string, text: string, how: "wrong" | "absent") {
    const body = JSON.stringify(directMessage(this.person(user), text));
    const response =
      how === "wrong"
        ? await send(this.kyodo.baseUrl, body, "application/json", { signature: `v0=${"0".repeat(64)}` })
        : await fetch(`${this.kyodo.baseUrl}/slack/events`, { method: "POST", headers: { "content-type": "application/json" }, body });
    await settle(this.kyodo, () => this.adapter.idle());
    return { refused: response.status === 401, detail: `HTTP ${response.status}` };
  }

  async press(user: string, label: string, times = 1) {
    const person = this.person(user);
    const dm = dmOf(person);
    const call = this.fake
      .callsTo("chat.postMessage")
      .filter((c) => c.args.channel === dm && JSON.stringify(c.args.blocks ?? []).includes(`"${label}"`))
      .at(-1);
    if (!call?.result) throw new Error(`no message with "${label}" in ${dm}`);
    const responseUrl = this.fake.responseUrl();
    this.responseChannels.set(responseUrl, dm);
    const posted = call.args as SlackMessage;
    const result = call.result as SlackMessage;
    const surface = { kind: "message" as const, channel: dm, ts: result.ts, blocks: posted.blocks ?? [], text: posted.text, responseUrl };
    return this.collect(async () => {
      // Each click is its own payload (its own action_ts and trigger id), on the same message and button.
      for (let i = 0; i < times; i++) expect((await sendInteraction(this.kyodo.baseUrl, press(person, surface, label))).status).toBe(200);
    });
  }

  async openForm(user: string, command: string) {
    const person = this.person(user);
    const slash = slashCommand(person, command, this.fake.responseUrl(), dmOf(person));
    this.responseChannels.set(slash.responseUrl, dmOf(person));
    await sendSlash(this.kyodo.baseUrl, slash);
    const open = await waitFor(() => this.fake.callsTo("views.open").find((c) => c.args.trigger_id === slash.triggerId), "views.open");
    const opened = (open.result as { view?: SlackView } | undefined)?.view;
    this.openedView = { ...(open.args.view as SlackView), id: opened?.id ?? "V0FORM" };
    return { fields: this.openedView.blocks.filter((b) => b.type === "input").map((b) => b.block_id!) };
  }

  async submitForm(user: string, values: Record<string, string>): Promise<FormOutcome> {
    const view = this.openedView!;
    const answers: Record<string, Json> = {};
    for (const block of view.blocks.filter((b) => b.type === "input")) {
      const element = block.element ?? {};
      const value = values[block.block_id!];
      answers[block.block_id!] =
        element.type === "static_select"
          ? {
              type: "static_select",
              selected_option: element.options?.find((o) => o.text.text === value || o.value === value) ?? null,
            }
          : { type: "plain_text_input", value: value ?? null };
    }
    let errors: Record<string, string> = {};
    const shown = await this.collect(async () => {
      const answer = await sendInteraction(this.kyodo.baseUrl, submitView(this.person(user), view, answers));
      expect(answer.status).toBe(200);
      if (answer.text) errors = (JSON.parse(answer.text) as { errors?: Record<string, string> }).errors ?? {};
    });
    return { errors, shown };
  }

  async flushOutbox() {
    return this.collect(async () => {
      await this.kyodo.outbox.flush(new Date());
    });
  }

  refusals() {
    return this.fake.problems;
  }

  /** Runs `act`, waits for Kyodo to finish, and returns what Slack received meanwhile. */
  private async collect(act: () => Promise<void>): Promise<Shown[]> {
    const calls = this.fake.calls.length;
    const responses = this.fake.responses.length;
    await act();
    await settle(this.kyodo, () => this.adapter.idle());
    const posted = this.fake.calls
      .slice(calls)
      .filter((c) => ["chat.postMessage", "chat.update", "chat.postEphemeral"].includes(c.method))
      .map((c) => shownOf(String(c.args.channel), c.args as SlackMessage));
    const answered = this.fake.responses
      .slice(responses)
      .map((r) =>
        shownOf([...this.responseChannels].find(([url]) => url.endsWith(`/${r.id}`))?.[1] ?? `response:${r.id}`, r.body as SlackMessage),
      );
    return [...posted, ...answered];
  }
}

describeChannelContract(() => new SlackHarness());

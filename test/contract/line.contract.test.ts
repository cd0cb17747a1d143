// The adapter contract on LINE: a real Kyodo behind webhooks signed as the LINE Platform signs them,
// answering through the real @line/bot-sdk against the fake Messaging API on loopback (test/line/support).
import { expect } from "vitest";
import { startLineKyodo, readable, type LineKyodo } from "../line/support/line-kyodo.ts";
import { postWebhook, postbackEvent, replyToken, textEvent, webhookEventId } from "../line/support/line-webhook.ts";
import type { TestKyodo } from "../support/test-kyodo.ts";
import { missing, settle, type Capabilities, type ChannelHarness, type Shown, type Where } from "./channel-harness.ts";
import { describeChannelContract } from "./channel-contract.ts";

type LineMessage = { type: string; text?: string; altText?: string };
const GROUP = "C0contract0000000000000000000000a";

/** The postback data of the button or quick reply labelled `label` anywhere in a message. */
function postbackData(message: unknown, label: string): string | undefined {
  const seen: unknown[] = [message];
  while (seen.length > 0) {
    const node = seen.pop();
    if (!node || typeof node !== "object") continue;
    const o = node as Record<string, unknown>;
    if (o.type === "postback" && o.label === label && typeof o.data === "string") return o.data;
    seen.push(...Object.values(o));
  }
  return undefined;
}

class LineHarness implements ChannelHarness {
  readonly channel = "line";
  readonly capabilities: Capabilities = {
    signatures: true,
    redelivery: true,
    groups: true,
    opensDirect: true,
    buttons: true,
    forms: missing("the Messaging API has no forms (LIFF would be a separate web app): questions come one at a time"),
    commands: true,
    linking: true,
    messageLimit: 5000,
  };
  private t!: LineKyodo;
  /** the conversation each reply token answers into */
  private readonly tokens = new Map<string, string>();
  private refused: string[] = [];

  get kyodo(): TestKyodo {
    return this.t.kyodo;
  }

  async start() {
    this.t = await startLineKyodo();
  }

  async stop() {
    await this.t?.dispose();
  }

  private userId(user: string) {
    return `U-${user}-contract`;
  }

  conversationOf(user: string, where: Where) {
    return where === "direct" ? this.userId(user) : GROUP;
  }

  link(user: string, handle: string) {
    return this.kyodo.codeFor(handle).then((code) => this.say(user, `link ${code}`));
  }

  say(user: string, text: string, where: Where = "direct") {
    // In a group LINE delivers every message; Kyodo answers those addressed to it with the command prefix.
    return this.send(where === "group" ? { groupId: GROUP, text: `/kyodo ${text}` } : { text }, user);
  }

  async sayTwice(user: string, text: string) {
    const token = replyToken();
    const id = webhookEventId();
    this.tokens.set(token, this.userId(user));
    return this.collect(async () => {
      const first = textEvent({ userId: this.userId(user), text, replyToken: token, webhookEventId: id });
      expect((await postWebhook(this.kyodo.baseUrl, [first])).status).toBe(200);
      await settle(this.kyodo, () => this.t.adapter.idle());
      const again = textEvent({ userId: this.userId(user), text, replyToken: token, webhookEventId: id, redelivery: true });
      expect((await postWebhook(this.kyodo.baseUrl, [again])).status).toBe(200);
    });
  }

  async sayForged(user: string, text: string, how: "wrong" | "absent") {
    const event = textEvent({ userId: this.userId(user), text });
    const response =
      how === "wrong"
        ? await postWebhook(this.kyodo.baseUrl, [event], { secret: "not-the-channel-secret" })
        : await fetch(`${this.kyodo.baseUrl}/line/webhook`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ destination: "U0", events: [event] }),
          });
    await settle(this.kyodo, () => this.t.adapter.idle());
    return { refused: response.status === 401 || response.status === 403, detail: `HTTP ${response.status}` };
  }

  async press(user: string, label: string, times = 1) {
    const to = this.userId(user);
    const delivery = this.t.line.deliveries
      .filter((d) => (d.kind === "push" ? d.to.includes(to) : this.tokens.get(d.to[0]!) === to))
      .findLast((d) => postbackData(d.messages, label));
    if (!delivery) throw new Error(`no button "${label}" in what ${to} was sent`);
    const data = postbackData(delivery.messages, label)!;
    return this.collect(async () => {
      // A double tap is two postback events, each with its own webhook event id and reply token.
      for (let i = 0; i < times; i++) {
        const token = replyToken();
        this.tokens.set(token, to);
        expect((await postWebhook(this.kyodo.baseUrl, [postbackEvent({ userId: to, data, replyToken: token })])).status).toBe(200);
      }
    });
  }

  flushOutbox() {
    return this.collect(async () => {
      await this.kyodo.outbox.flush(new Date());
    });
  }

  refusals() {
    return this.refused;
  }

  private send(options: { text: string; groupId?: string }, user: string) {
    const token = replyToken();
    this.tokens.set(token, options.groupId ?? this.userId(user));
    return this.collect(async () => {
      const event = textEvent({ userId: this.userId(user), replyToken: token, ...options });
      expect((await postWebhook(this.kyodo.baseUrl, [event])).status).toBe(200);
    });
  }

  /** Runs `act`, waits for Kyodo, and returns the messages LINE received meanwhile (replies by their token's chat). */
  private async collect(act: () => Promise<void>): Promise<Shown[]> {
    const calls = this.t.line.calls.length;
    const deliveries = this.t.line.deliveries.length;
    await act();
    await settle(this.kyodo, () => this.t.adapter.idle());
    // What the fake LINE refused (over its limits) is a contract failure, whatever Kyodo did next.
    for (const call of this.t.line.calls.slice(calls))
      if (call.status === 400) this.refused.push(`${call.path}: ${JSON.stringify(call.body).slice(0, 200)}`);
    return this.t.line.deliveries.slice(deliveries).flatMap((d) =>
      (d.messages as LineMessage[]).map((m) => ({
        conversation: d.kind === "reply" ? (this.tokens.get(d.to[0]!) ?? d.to[0]!) : d.to.join(","),
        via: d.kind === "reply" ? ("reply" as const) : ("push" as const),
        text: readable(m),
        // A text message is limited to 5,000 characters; a card's alternative text to 400.
        sizes: [m.type === "text" ? (m.text ?? "").length : (m.altText ?? "").length],
      })),
    );
  }
}

describeChannelContract(() => new LineHarness());

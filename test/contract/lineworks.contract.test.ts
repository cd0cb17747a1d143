// The adapter contract on LINE WORKS: a real Kyodo behind callbacks signed as LINE WORKS signs them
// (X-WORKS-Signature), answering through the Bot API client against the fake LINE WORKS on loopback
// (test/lineworks/support), which checks the service-account token and the documented limits.
import { expect } from "vitest";
import { BOT_SECRET, buttonEvent, postCallback, textEvent } from "../lineworks/support/lineworks-callback.ts";
import { buttonsOf, readable, startLineWorksKyodo, type LineWorksKyodo } from "../lineworks/support/lineworks-kyodo.ts";
import type { ContentShape } from "../lineworks/support/fake-lineworks-api.ts";
import type { TestKyodo } from "../support/test-kyodo.ts";
import { settle, type Capabilities, type ChannelHarness, type Shown, type Where } from "./channel-harness.ts";
import { describeChannelContract } from "./channel-contract.ts";

const ROOM = "contract-room-0001";

/** The part of a content LINE WORKS limits: a text's text, a button template's text, a flexible template's altText. */
function sizeOf(content: ContentShape): number {
  return (content.type === "text" ? content.text : content.type === "button_template" ? content.contentText : content.altText)?.length ?? 0;
}

class LineWorksHarness implements ChannelHarness {
  readonly channel = "lineworks";
  readonly capabilities: Capabilities = {
    signatures: true,
    // LINE WORKS does not resend a callback itself; the same signed request arriving twice (a proxy's
    // retry, a replay) is what "redelivery" means here, and Kyodo keys the event by its body.
    redelivery: true,
    groups: true,
    opensDirect: true,
    buttons: true,
    forms: { missing: "the Bot API has no forms: questions come one at a time" },
    commands: true,
    linking: true,
    messageLimit: 2000,
  };
  private t!: LineWorksKyodo;
  private readonly refused: string[] = [];

  get kyodo(): TestKyodo {
    return this.t.kyodo;
  }

  async start() {
    this.t = await startLineWorksKyodo();
  }

  async stop() {
    await this.t?.dispose();
  }

  private userId(user: string) {
    return `works-${user}-contract`;
  }

  conversationOf(user: string, where: Where) {
    return where === "direct" ? `users/${this.userId(user)}` : `channels/${ROOM}`;
  }

  link(user: string, handle: string) {
    return this.kyodo.codeFor(handle).then((code) => this.say(user, `link ${code}`));
  }

  say(user: string, text: string, where: Where = "direct") {
    // In a talk room Kyodo answers what is addressed to it with the command prefix.
    const event =
      where === "group"
        ? textEvent({ userId: this.userId(user), channelId: ROOM, text: `/kyodo ${text}` })
        : textEvent({ userId: this.userId(user), text });
    return this.collect(() => this.post(event));
  }

  sayTwice(user: string, text: string) {
    const event = textEvent({ userId: this.userId(user), text });
    return this.collect(async () => {
      await this.post(event);
      await settle(this.kyodo, () => this.t.adapter.idle());
      await this.post(event);
    });
  }

  async sayForged(user: string, text: string, how: "wrong" | "absent") {
    const event = textEvent({ userId: this.userId(user), text });
    const response = await postCallback(this.kyodo.baseUrl, event, how === "wrong" ? { secret: `not-${BOT_SECRET}` } : { signature: null });
    await settle(this.kyodo, () => this.t.adapter.idle());
    return { refused: response.status === 401, detail: `HTTP ${response.status}` };
  }

  async press(user: string, label: string, times = 1) {
    const to = `users/${this.userId(user)}`;
    const delivery = this.t.works.deliveries.findLast((d) => d.to === to && buttonsOf(d.content).some((b) => b.label === label));
    if (!delivery) throw new Error(`no button "${label}" in what ${to} was sent`);
    const button = buttonsOf(delivery.content).find((b) => b.label === label)!;
    return this.collect(async () => {
      // A double tap is two messages, each with its own issuedTime.
      for (let i = 0; i < times; i++)
        await this.post(buttonEvent({ userId: this.userId(user), text: button.text ?? button.label, postback: button.postback }));
    });
  }

  openForm(): never {
    throw new Error("LINE WORKS has no forms");
  }

  submitForm(): never {
    throw new Error("LINE WORKS has no forms");
  }

  flushOutbox() {
    return this.collect(async () => {
      await this.kyodo.outbox.flush(new Date());
    });
  }

  refusals() {
    return this.refused;
  }

  private async post(event: object) {
    expect((await postCallback(this.kyodo.baseUrl, event)).status).toBe(200);
  }

  /** Runs `act`, waits for Kyodo, and returns the contents LINE WORKS received meanwhile. */
  private async collect(act: () => Promise<void>): Promise<Shown[]> {
    const calls = this.t.works.calls.length;
    const deliveries = this.t.works.deliveries.length;
    await act();
    await settle(this.kyodo, () => this.t.adapter.idle());
    // What the fake refused (over its limits) is a contract failure, whatever Kyodo did next.
    for (const call of this.t.works.calls.slice(calls))
      if (call.status === 400) this.refused.push(`${call.path}: ${JSON.stringify(call.body).slice(0, 200)}`);
    return this.t.works.deliveries
      .slice(deliveries)
      .map((d) => ({ conversation: d.to, text: readable(d.content), sizes: [sizeOf(d.content)] }));
  }
}

describeChannelContract(() => new LineWorksHarness());

// The adapter contract on the generic chat webhook: a real Kyodo receiving events signed with the shared
// secret, delivering to the fake chat service on loopback, which checks Kyodo's signatures with the sample
// client's code (test/webhook/support).
import { expect } from "vitest";
import type { WebhookChatAdapter } from "../../src/adapters/webhook/webhook-adapter.ts";
import type { Block } from "../../src/engine/messages.ts";
import { sign, type ChatEvent, type Delivery } from "../../scripts/webhook-chat-client.ts";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";
import { FakeChatService, pressOf, SECRET } from "../webhook/support/fake-chat-service.ts";
import { missing, settle, type Capabilities, type ChannelHarness, type Shown, type Where } from "./channel-harness.ts";
import { describeChannelContract } from "./channel-contract.ts";

const GROUP = "room:general";

class WebhookHarness implements ChannelHarness {
  readonly channel = "webhook";
  readonly capabilities: Capabilities = {
    signatures: true,
    redelivery: true,
    groups: true,
    opensDirect: missing(
      "the webhook contract has no call to open a conversation: a person is reached where they last wrote one-to-one (scripts/webhook-chat-contract.md)",
    ),
    buttons: true,
    forms: missing(
      "Kyodo opens forms only on Slack and Mattermost (src/commands/form-platforms.ts); the webhook contract can carry form answers, but the service is asked step by step",
    ),
    commands: true,
    linking: true,
    messageLimit: missing("the webhook contract sets no length: the chat service receives the whole text and shows it as it can"),
  };
  kyodo!: TestKyodo;
  private chat!: FakeChatService;
  private adapter!: WebhookChatAdapter;
  private n = 0;

  async start() {
    this.chat = await FakeChatService.start();
    this.kyodo = await startTestKyodo({ WEBHOOK_CHAT_SECRET: SECRET, WEBHOOK_CHAT_OUTGOING_URL: this.chat.outgoingUrl });
    this.chat.kyodoUrl = this.kyodo.baseUrl;
    this.adapter = this.kyodo.channels.find((c) => c.adapter.platform === "webhook")!.adapter as WebhookChatAdapter;
  }

  async stop() {
    await this.kyodo?.dispose();
    await this.chat?.close();
  }

  conversationOf(user: string, where: Where) {
    return where === "direct" ? `dm:${user}` : GROUP;
  }

  private event(user: string, content: Pick<ChatEvent, "text" | "action">, where: Where = "direct"): ChatEvent {
    this.n += 1;
    const conversation = this.conversationOf(user, where);
    return {
      eventId: `contract-${this.n}-${Date.now()}`,
      user: { id: user, name: user },
      conversation: { id: conversation, direct: where === "direct" },
      ...content,
    };
  }

  link(user: string, handle: string) {
    return this.kyodo.codeFor(handle).then((code) => this.say(user, `link ${code}`));
  }

  say(user: string, text: string, where: Where = "direct") {
    return this.collect(async () => {
      expect((await this.chat.send(this.event(user, { text }, where))).status).toBe(202);
    });
  }

  sayTwice(user: string, text: string) {
    const event = this.event(user, { text });
    return this.collect(async () => {
      expect((await this.chat.send(event)).status).toBe(202);
      expect(await this.chat.send(event)).toMatchObject({ status: 200, body: { duplicate: true } });
    });
  }

  async sayForged(user: string, text: string, how: "wrong" | "absent") {
    const body = JSON.stringify(this.event(user, { text }));
    const timestamp = String(Math.floor(Date.now() / 1000));
    const headers: Record<string, string> =
      how === "wrong"
        ? {
            "content-type": "application/json",
            "x-kyodo-timestamp": timestamp,
            "x-kyodo-signature": sign("not-the-secret", timestamp, body),
          }
        : { "content-type": "application/json" };
    const answer = await this.chat.send({} as ChatEvent, { body, headers });
    await settle(this.kyodo, () => this.adapter.idle());
    return { refused: answer.status === 401, detail: `HTTP ${answer.status} ${JSON.stringify(answer.body)}` };
  }

  press(user: string, label: string, times = 1) {
    const delivery = this.chat.shown
      .filter((d) => d.conversation.id === this.conversationOf(user, "direct"))
      .findLast((d) => {
        const blocks = d.message.blocks as Block[];
        return blocks.some((b) => b.type === "choices" && b.choices.some((c) => c.label === label));
      });
    if (!delivery) throw new Error(`no button "${label}" shown to ${user}`);
    return this.collect(async () => {
      // A double click in the chat service: two action events, each with its own event id. The first is
      // accepted (202); a repeat within the double-tap window is taken as the same press (200, doubleTap).
      for (let i = 0; i < times; i++)
        expect((await this.chat.send(this.event(user, { action: pressOf(delivery, label) }))).status).toBe(i === 0 ? 202 : 200);
    });
  }

  flushOutbox() {
    return this.collect(async () => {
      await this.kyodo.outbox.flush(new Date());
    });
  }

  refusals() {
    return this.chat.attempts.filter((a) => !a.verified).map((a) => `unverified delivery ${a.body.deliveryId}`);
  }

  /** Runs `act`, waits for Kyodo, and returns the deliveries the service showed meanwhile (once per idempotency key). */
  private async collect(act: () => Promise<void>): Promise<Shown[]> {
    const before = this.chat.shown.length;
    await act();
    await settle(this.kyodo, () => this.adapter.idle());
    return this.chat.shown.slice(before).map((d: Delivery) => ({
      conversation: d.conversation.id,
      text: d.message.text,
      sizes: [d.message.text.length],
      via: d.inReplyTo ? ("reply" as const) : ("push" as const),
    }));
  }
}

describeChannelContract(() => new WebhookHarness());

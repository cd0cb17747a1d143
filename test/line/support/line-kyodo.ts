// A real Kyodo with the LINE channel configured against a fake LINE API on loopback, and helpers to
// send webhooks and read what Kyodo sent back.
import type { messagingApi } from "@line/bot-sdk";
import { expect } from "vitest";
import type { LineAdapter } from "../../../src/adapters/line/line-adapter.ts";
import { startTestKyodo, type TestKyodo } from "../../support/test-kyodo.ts";
import { FakeLineApi, type Delivery } from "./fake-line-api.ts";
import { CHANNEL_SECRET, postWebhook } from "./line-webhook.ts";

export interface LineKyodo {
  kyodo: TestKyodo;
  line: FakeLineApi;
  adapter: LineAdapter;
  /** posts a signed webhook, expects 200, and waits until Kyodo has handled it */
  send(...events: object[]): Promise<void>;
  dispose(): Promise<void>;
}

export async function startLineKyodo(): Promise<LineKyodo> {
  const line = await new FakeLineApi().start();
  const kyodo = await startTestKyodo({
    LINE_CHANNEL_SECRET: CHANNEL_SECRET,
    LINE_CHANNEL_ACCESS_TOKEN: line.token,
    LINE_API_BASE_URL: line.baseUrl,
  });
  const adapter = kyodo.channels.find((c) => c.adapter.platform === "line")?.adapter as LineAdapter | undefined;
  if (!adapter) throw new Error("the LINE channel did not start");
  return {
    kyodo,
    line,
    adapter,
    async send(...events) {
      const response = await postWebhook(kyodo.baseUrl, events);
      expect(response.status).toBe(200);
      // The events are in Kyodo's inbox by the 200; wait for their work and the adapter's own answers.
      await adapter.idle();
      await kyodo.inbox.idle();
    },
    async dispose() {
      await kyodo.dispose();
      await line.stop();
    },
  };
}

/** What `readable` looks at in a message: any LINE message (messagingApi.Message) has this shape. */
export interface ReadableMessage {
  type: string;
  text?: string;
  altText?: string;
  contents?: unknown;
}

/** Every text a person would read in a delivered message: text, altText and the texts inside a card. */
export function readable(message: ReadableMessage | undefined): string {
  if (message?.type === "text") return message.text ?? "";
  if (message?.type !== "flex") return "";
  const texts: string[] = [];
  const walk = (node: unknown) => {
    if (!node || typeof node !== "object") return;
    const fields = node as Record<string, unknown>;
    if (fields.type === "text" && typeof fields.text === "string") texts.push(fields.text);
    for (const value of Object.values(fields)) if (typeof value === "object") walk(value);
  };
  walk(message.contents);
  return [message.altText, ...texts].join("\n");
}

/** The text of a delivered text message; fails the test when it is another kind of message. */
export function textOf(message: messagingApi.Message | undefined): string {
  if (message?.type !== "text") throw new Error(`expected a text message, got ${JSON.stringify(message)}`);
  return message.text;
}

/** A delivered Flex message; fails the test when it is another kind of message. */
export function flexOf(message: messagingApi.Message | undefined): messagingApi.FlexMessage {
  if (message?.type !== "flex") throw new Error(`expected a Flex message, got ${JSON.stringify(message)}`);
  return message;
}

export function deliveredText(deliveries: Delivery[]): string {
  return deliveries.flatMap((d) => d.messages.map(readable)).join("\n");
}

/** The postback buttons under the last message of a delivery. */
export function quickReplyItems(delivery: Delivery | undefined): Array<{ label: string; data: string; displayText?: string }> {
  const last = delivery?.messages.at(-1);
  return (last?.quickReply?.items ?? []).flatMap(({ action: a }) =>
    a?.type === "postback"
      ? [{ label: a.label ?? "", data: a.data ?? "", ...(a.displayText !== undefined ? { displayText: a.displayText } : {}) }]
      : [],
  );
}

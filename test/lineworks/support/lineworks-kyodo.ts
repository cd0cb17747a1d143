// A real Kyodo with the LINE WORKS channel configured against the fake LINE WORKS on loopback, and
// helpers to send signed callbacks and read what Kyodo sent back.
import { expect } from "vitest";
import type { LineWorksAdapter } from "../../../src/adapters/lineworks/lineworks-adapter.ts";
import type { StartOptions } from "../../../src/app.ts";
import { startTestKyodo, type TestKyodo } from "../../support/test-kyodo.ts";
import {
  BOT_ID,
  CLIENT_ID,
  CLIENT_SECRET,
  FakeLineWorks,
  PRIVATE_KEY_PEM,
  SERVICE_ACCOUNT,
  type ContentShape,
  type Delivery,
} from "./fake-lineworks-api.ts";
import { BOT_SECRET, buttonEvent, postCallback, textEvent } from "./lineworks-callback.ts";

const textEventOf = (userId: string, text: string) => textEvent({ userId, text });
const buttonEventOf = (userId: string, text: string, postback: string) => buttonEvent({ userId, text, postback });

export interface LineWorksKyodo {
  kyodo: TestKyodo;
  works: FakeLineWorks;
  adapter: LineWorksAdapter;
  /** posts a signed callback, expects 200, and waits until Kyodo has handled it */
  send(event: object): Promise<void>;
  dispose(): Promise<void>;
}

export function lineworksEnv(works: FakeLineWorks): Record<string, string> {
  return {
    LINEWORKS_BOT_ID: BOT_ID,
    LINEWORKS_BOT_SECRET: BOT_SECRET,
    LINEWORKS_CLIENT_ID: CLIENT_ID,
    LINEWORKS_CLIENT_SECRET: CLIENT_SECRET,
    LINEWORKS_SERVICE_ACCOUNT: SERVICE_ACCOUNT,
    LINEWORKS_PRIVATE_KEY: PRIVATE_KEY_PEM,
    LINEWORKS_API_BASE_URL: works.apiBaseUrl,
    LINEWORKS_AUTH_BASE_URL: works.baseUrl,
  };
}

export async function startLineWorksKyodo(options: StartOptions = {}): Promise<LineWorksKyodo> {
  const works = await new FakeLineWorks().start();
  const kyodo = await startTestKyodo(lineworksEnv(works), options);
  const adapter = kyodo.channels.find((c) => c.adapter.platform === "lineworks")?.adapter as LineWorksAdapter | undefined;
  if (!adapter) throw new Error("the LINE WORKS channel did not start");
  return {
    kyodo,
    works,
    adapter,
    async send(event) {
      const response = await postCallback(kyodo.baseUrl, event);
      expect(response.status).toBe(200);
      // The event is in Kyodo's inbox by the 200; wait for its work and the adapter's own answers.
      await adapter.idle();
      await kyodo.inbox.idle();
      await adapter.idle();
    },
    async dispose() {
      await kyodo.dispose();
      await works.stop();
    },
  };
}

/** Every text a person would read in a delivered content: text, template text, labels, card texts. */
export function readable(content: ContentShape): string {
  const texts: string[] = [];
  const walk = (node: unknown) => {
    if (!node || typeof node !== "object") return;
    const o = node as Record<string, unknown>;
    for (const key of ["text", "contentText", "altText", "label", "title", "subtitle"]) if (typeof o[key] === "string") texts.push(o[key]);
    for (const value of Object.values(o)) if (typeof value === "object") walk(value);
  };
  walk(content);
  return texts.join("\n");
}

export function deliveredText(deliveries: Delivery[]): string {
  return deliveries.map((d) => readable(d.content)).join("\n");
}

/** The message actions offered in a content (button template actions or quick-reply items). */
export function buttonsOf(content: ContentShape | undefined): Array<{ label: string; text?: string; postback: string }> {
  if (content?.type === "list_template")
    content = { actions: (content.elements ?? []).flatMap((e) => e.action ?? []), type: "button_template" };
  const actions =
    content?.type === "button_template"
      ? (content.actions ?? [])
      : (content?.quickReply?.items ?? []).flatMap((i) => (i.action ? [i.action] : []));
  return actions.flatMap((a) =>
    a.type === "message" && a.label && a.postback !== undefined ? [{ label: a.label, text: a.text, postback: a.postback }] : [],
  );
}

/** One person's 1:1 talk with Kyodo: what they send, the buttons they press, and what Kyodo answered. */
export function talkOf(t: LineWorksKyodo, userId: string) {
  const to = `users/${userId}`;
  const exchange = async (event: object) => {
    const before = t.works.deliveriesTo(to).length;
    await t.send(event);
    const added = t.works.deliveriesTo(to).slice(before);
    return { text: deliveredText(added), last: added.at(-1)?.content, buttons: buttonsOf(added.at(-1)?.content) };
  };
  return {
    to,
    say: (text: string) => exchange({ ...textEventOf(userId, text) }),
    /** presses the button labelled `label` (button template or quick reply) under `content` */
    press: (content: ContentShape | undefined, label: string) => {
      const button = buttonsOf(content).find((b) => b.label === label);
      if (!button)
        throw new Error(
          `no button "${label}" in ${buttonsOf(content)
            .map((b) => b.label)
            .join(" | ")}`,
        );
      return exchange(buttonEventOf(userId, button.text ?? button.label, button.postback));
    },
  };
}

// The generic webhook channel end to end: a real Kyodo over real HTTP, and a fake chat service that
// signs its events and checks Kyodo's deliveries with the sample client's code. Covers the signature
// and the replay window (a wrong or stale one changes nothing), a replayed event acting once, linking,
// buttons as actions, retries of a failed delivery under one idempotency key, and outbox pushes.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { WebhookChatAdapter } from "../../src/adapters/webhook/webhook-adapter.ts";
import { createInquiry } from "../../src/domain/inquiries/create-inquiry.ts";
import { queueMessages } from "../../src/domain/delivery/queue-messages.ts";
import { findPerson } from "../../src/domain/people/find-person.ts";
import { textMessage } from "../../src/engine/messages.ts";
import { sign, type ChatEvent } from "../../scripts/webhook-chat-client.ts";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";
import { FakeChatService, pressOf, SECRET, textOf } from "./support/fake-chat-service.ts";
import { inboxDbOf } from "../../src/storage/database.ts";

let chat: FakeChatService;
let kyodo: TestKyodo;
let adapter: WebhookChatAdapter;
let n = 0;

beforeAll(async () => {
  chat = await FakeChatService.start();
  kyodo = await startTestKyodo({ WEBHOOK_CHAT_SECRET: SECRET, WEBHOOK_CHAT_OUTGOING_URL: chat.outgoingUrl });
  chat.kyodoUrl = kyodo.baseUrl;
  adapter = kyodo.channels.find((c) => c.adapter.platform === "webhook")!.adapter as WebhookChatAdapter;
});
afterAll(async () => {
  await kyodo?.dispose();
  await chat?.close();
});
beforeEach(() => {
  chat.reset();
});

function event(user: string, content: Pick<ChatEvent, "text" | "action" | "form">, conversation = `dm:${user}`): ChatEvent {
  n += 1;
  return {
    eventId: `evt-${n}-${Date.now()}`,
    user: { id: user, name: user },
    conversation: { id: conversation, direct: conversation.startsWith("dm:") },
    ...content,
  };
}

/** Sends an event, expects it accepted, and waits until Kyodo's replies were delivered. */
async function say(user: string, content: Pick<ChatEvent, "text" | "action" | "form">) {
  const before = chat.shown.length;
  const answer = await chat.send(event(user, content));
  expect(answer.status).toBe(202);
  await adapter.idle();
  return chat.shown.slice(before);
}

async function link(user: string, handle: string) {
  const shown = await say(user, { text: `link ${await kyodo.codeFor(handle)}` });
  expect(textOf(shown)).toContain("さんとして登録されています");
}

describe("generic chat webhook", () => {
  it("refuses a wrong, missing or stale signature, and an altered body, with 401 and does nothing", async () => {
    const before = await kyodo.db.processedEvent.count();
    const body = JSON.stringify(event("u-intruder", { text: "help" }));
    const now = Date.now();
    const timestamp = String(Math.floor(now / 1000));
    const forged = await chat.send({} as ChatEvent, {
      body,
      headers: {
        "content-type": "application/json",
        "x-kyodo-timestamp": timestamp,
        "x-kyodo-signature": sign("not-the-secret-at-all", timestamp, body),
      },
    });
    expect(forged).toMatchObject({ status: 401, body: { reason: "bad_signature" } });
    const unsigned = await chat.send({} as ChatEvent, { body, headers: { "content-type": "application/json" } });
    expect(unsigned).toMatchObject({ status: 401, body: { reason: "missing_headers" } });
    // Correctly signed six minutes ago: outside the five-minute replay window.
    const stale = await chat.send({} as ChatEvent, { body, nowMs: now - 6 * 60_000 });
    expect(stale).toMatchObject({ status: 401, body: { reason: "stale_timestamp" } });
    const altered = await chat.send({} as ChatEvent, {
      body: body.replace('"help"', '"home"'),
      headers: { "content-type": "application/json", "x-kyodo-timestamp": timestamp, "x-kyodo-signature": sign(SECRET, timestamp, body) },
    });
    expect(altered.status).toBe(401);
    await adapter.idle();
    expect(chat.attempts).toEqual([]);
    expect(await kyodo.db.processedEvent.count()).toBe(before);
  });

  it("refuses a malformed event with 400 and says what is wrong", async () => {
    const answer = await chat.send({ ...event("u-1", { text: "help" }), action: { actionId: "cmd", value: "help" } });
    expect(answer.status).toBe(400);
    expect(JSON.stringify((answer.body as { issues: unknown }).issues)).toContain("exactly one of text, action or form");
  });

  it("answers an unlinked person with a signed delivery carrying text, Markdown and blocks", async () => {
    const sent = event("u-stranger", { text: "home" });
    const answer = await chat.send(sent);
    expect(answer).toMatchObject({ status: 202, body: { accepted: true, duplicate: false, eventId: sent.eventId } });
    await adapter.idle();
    const [attempt] = chat.attempts;
    expect(attempt?.verified).toBe(true);
    expect(attempt?.headers["idempotency-key"]).toBe(attempt?.body.deliveryId);
    expect(attempt?.headers["x-kyodo-delivery-attempt"]).toBe("1");
    expect(attempt?.body).toMatchObject({
      inReplyTo: sent.eventId,
      workspace: "default",
      conversation: { id: "dm:u-stranger", direct: true },
    });
    expect(attempt?.body.message.text).toContain("/kyodo link 登録コード");
    expect(attempt?.body.message.markdown).toContain("/kyodo link 登録コード");
    expect(attempt?.body.message.blocks[0]).toMatchObject({ type: "text" });
  });

  it("links with a code, remembers the direct conversation, and answers buttons sent back as actions", async () => {
    await link("u-tanaka", "tanaka");
    const identity = await kyodo.db.chatIdentity.findFirstOrThrow({ where: { platform: "webhook", externalUserId: "u-tanaka" } });
    expect(JSON.parse(identity.directRef!)).toMatchObject({
      platform: "webhook",
      workspace: "default",
      conversationId: "dm:u-tanaka",
      isDirect: true,
    });

    const [question] = await say("u-tanaka", { text: "lang" });
    expect(question!.message.markdown).toContain("表示言語を選んでください");
    const [answer] = await say("u-tanaka", { action: pressOf(question!, "English") });
    expect(answer!.message.text).toBe("Kyodo will now answer you in English.");
  });

  it("answers a double tap of one button once, never with 'out of date' for the second press", async () => {
    await link("u-double", "yamada");
    const [question] = await say("u-double", { text: "lang" });
    const press = pressOf(question!, "English");
    const before = chat.shown.length;
    // Two presses, two event ids (the chat service sends each press as its own event).
    const answers = await Promise.all([chat.send(event("u-double", { action: press })), chat.send(event("u-double", { action: press }))]);
    const third = await chat.send(event("u-double", { action: press }));
    expect([...answers, third].every((a) => a.status === 200 || a.status === 202)).toBe(true);
    await adapter.idle();
    const shown = chat.shown.slice(before).map((s) => s.message.text);
    expect(shown).toEqual(["Kyodo will now answer you in English."]);
  });

  it("acts once on a replayed event, whether the same request or re-signed", async () => {
    await link("u-suzuki", "suzuki");
    chat.reset();
    const links = () => kyodo.db.auditEntry.count({ where: { action: "identities.unlink" } });
    const before = await links();
    const unlink = event("u-suzuki", { text: "unlink" });
    const body = JSON.stringify(unlink);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const headers = {
      "content-type": "application/json",
      "x-kyodo-timestamp": timestamp,
      "x-kyodo-signature": sign(SECRET, timestamp, body),
    };
    const first = await chat.send(unlink, { body, headers });
    const replay = await chat.send(unlink, { body, headers });
    const resigned = await chat.send(unlink);
    expect([first.status, replay.status, resigned.status]).toEqual([202, 200, 200]);
    expect(replay.body).toMatchObject({ accepted: true, duplicate: true });
    await adapter.idle();
    expect(chat.shown).toHaveLength(1);
    expect(await links()).toBe(before + 1);
    expect(await inboxDbOf(kyodo.db).inboxEvent.count({ where: { dedupeKey: `webhook:default:${unlink.eventId}` } })).toBe(1);
  });

  it("retries a failed delivery with backoff under the same idempotency key, and shows it once", async () => {
    // A 500 waits the first backoff step (about a second); the 503 and 429 name their wait: none.
    chat.failNext({ status: 500 }, { status: 503, headers: { "retry-after": "0" } }, { status: 429, headers: { "retry-after": "0" } });
    const shown = await say("u-retry", { text: "help" });
    expect(chat.attempts.map((a) => a.status)).toEqual([500, 503, 429, 200]);
    expect(new Set(chat.attempts.map((a) => a.headers["idempotency-key"])).size).toBe(1);
    expect(chat.attempts.map((a) => a.headers["x-kyodo-delivery-attempt"])).toEqual(["1", "2", "3", "4"]);
    expect(chat.attempts.every((a) => a.verified)).toBe(true);
    expect(shown).toHaveLength(1);
  });

  it("hands an answer whose quick retries all fail to the outbox, which delivers it later", async () => {
    chat.failNext(...Array.from({ length: 5 }, () => ({ status: 503, headers: { "retry-after": "0" } })));
    const help = event("u-later", { text: "help" });
    await chat.send(help);
    await adapter.idle();
    expect(chat.attempts.map((a) => a.status)).toEqual([503, 503, 503, 503, 503]);
    const queued = await kyodo.db.delivery.findMany({ where: { source: { startsWith: `reply:${help.eventId}:` } } });
    expect(queued.map((d) => [d.platform, d.state])).toEqual([["webhook", "queued"]]);
    expect(await kyodo.outbox.flush(new Date(Date.now() + 1000))).toMatchObject({ sent: 1 });
    expect(chat.attempts.at(-1)!.status).toBe(200);
    expect(chat.attempts.at(-1)!.headers["idempotency-key"]).toBe(queued[0]!.idempotencyKey);
  });

  it("gives up at once on a refusal (400): a retry would be refused again", async () => {
    chat.failNext({ status: 400 });
    await chat.send(event("u-refused", { text: "help" }));
    await adapter.idle();
    expect(chat.attempts.map((a) => a.status)).toEqual([400]);
  });

  it("delivers replies in the order the events came", async () => {
    await link("u-order", "watanabe");
    const first = event("u-order", { text: "me" });
    const second = event("u-order", { text: "organs" });
    await Promise.all([chat.send(first), chat.send(second)]);
    await adapter.idle();
    const inReplyTo = chat
      .shownIn("dm:u-order")
      .slice(-2)
      .map((d) => d.inReplyTo);
    expect(inReplyTo).toEqual([first.eventId, second.eventId]);
  });

  it("pushes through the outbox with the delivery's idempotency key, retried after a 5xx", async () => {
    await link("u-push", "sato");
    chat.reset();
    const person = await findPerson(kyodo.db, kyodo.council.id, "sato");
    const now = new Date();
    await queueMessages(kyodo.db, {
      source: `test:webhook-push:${now.getTime()}`,
      personIds: [person.id],
      render: () => textMessage("締切が近づいています"),
      notBefore: now,
    });
    chat.failNext({ status: 502 });
    await kyodo.scheduler.tick(now);
    const row = await kyodo.db.delivery.findFirstOrThrow({
      where: { platform: "webhook", personId: person.id, source: { startsWith: "test:webhook-push" } },
    });
    expect(row.state).toBe("queued");
    await kyodo.scheduler.tick(new Date(now.getTime() + 10 * 60_000));
    expect((await kyodo.db.delivery.findUniqueOrThrow({ where: { id: row.id } })).state).toBe("sent");
    expect(chat.attempts.map((a) => [a.status, a.headers["idempotency-key"]])).toEqual([
      [502, row.idempotencyKey],
      [200, row.idempotencyKey],
    ]);
    expect(chat.shown[0]).toMatchObject({ conversation: { id: "dm:u-push", direct: true }, message: { text: "締切が近づいています" } });
    expect(chat.shown[0]!.inReplyTo).toBeUndefined();
  });

  it("an inquiry answered entirely through the webhook", async () => {
    await link("u-takahashi", "takahashi");
    const yamada = await findPerson(kyodo.db, kyodo.council.id, "yamada");
    const now = new Date();
    const inquiry = await createInquiry(
      kyodo.db,
      { councilId: kyodo.council.id, title: "RPA の利用状況", dueAt: new Date(now.getTime() + 7 * 86_400_000), createdById: yamada.id },
      now,
      "Asia/Tokyo",
    );
    const [shown] = await say("u-takahashi", { text: `inquiry ${inquiry.number}` });
    expect(shown!.message.blocks.some((b) => b.type === "progress")).toBe(true);
    const [done] = await say("u-takahashi", { action: pressOf(shown!, "回答済みにする") });
    expect(done!.message.text).toContain(`照会${inquiry.number}について、銚子市の回答済みを記録しました`);
    expect(await kyodo.db.inquiryResponse.count({ where: { inquiryId: inquiry.id, current: true } })).toBe(1);
  });
});

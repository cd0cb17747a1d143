// Rows whose stored JSON cannot be read (written by an older version of the shape, edited by hand, damaged)
// are set aside with the reason, once: a damaged inbox event is parked for review instead of being claimed,
// failing and claimed again every time its claim expires; a damaged delivery is marked failed with the
// reason instead of breaking the send of the deliveries beside it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queueMessages } from "../../src/domain/delivery/queue-messages.ts";
import { findPerson } from "../../src/domain/people/find-person.ts";
import { textMessage } from "../../src/engine/messages.ts";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";
import { FakeChatService, SECRET, textOf } from "../webhook/support/fake-chat-service.ts";
import { inboxDbOf } from "../../src/storage/database.ts";

let chat: FakeChatService;
let kyodo: TestKyodo;
let now = new Date();

beforeAll(async () => {
  chat = await FakeChatService.start();
  kyodo = await startTestKyodo(
    { WEBHOOK_CHAT_SECRET: SECRET, WEBHOOK_CHAT_OUTGOING_URL: chat.outgoingUrl },
    { clock: () => now, inbox: false },
  );
  chat.kyodoUrl = kyodo.baseUrl;
});
afterAll(async () => {
  await kyodo?.dispose();
  await chat?.close();
});

describe("stored rows that cannot be read", () => {
  it("parks a damaged inbox event at once, naming the row, and never claims it again", async () => {
    const row = await inboxDbOf(kyodo.db).inboxEvent.create({
      data: { dedupeKey: "test:local:damaged-1", platform: "test", event: '{"kind":"text","text":', receivedAt: now, availableAt: now },
    });
    const shapeless = await inboxDbOf(kyodo.db).inboxEvent.create({
      data: { dedupeKey: "test:local:shapeless-1", platform: "test", event: '{"kind":"text"}', receivedAt: now, availableAt: now },
    });
    await kyodo.inbox.sweep(now);
    await kyodo.inbox.idle();
    for (const id of [row.id, shapeless.id]) {
      const stored = await inboxDbOf(kyodo.db).inboxEvent.findUniqueOrThrow({ where: { id } });
      expect(stored).toMatchObject({ status: "failed", attempts: 1 });
      expect(stored.lastError).toContain(`InboxEvent ${id}.event`);
    }
    // Long after any claim would have expired, the sweep finds nothing to run.
    now = new Date(now.getTime() + 60 * 60_000);
    expect(await kyodo.inbox.sweep(now)).toBe(0);
  });

  it("marks a damaged delivery failed with the reason and still sends the one beside it", async () => {
    const sato = await findPerson(kyodo.db, kyodo.council.id, "sato");
    await kyodo.db.chatIdentity.create({
      data: {
        personId: sato.id,
        platform: "webhook",
        workspace: "default",
        externalUserId: "u-sato",
        verifiedAt: now,
        directRef: JSON.stringify({ platform: "webhook", workspace: "default", conversationId: "dm:u-sato", isDirect: true }),
      },
    });
    const source = `test:damaged:${now.getTime()}`;
    await queueMessages(kyodo.db, { source, personIds: [sato.id], render: () => textMessage("届くお知らせ"), notBefore: now });
    const good = await kyodo.db.delivery.findFirstOrThrow({ where: { source } });
    const damaged = await kyodo.db.delivery.create({
      data: {
        source: `${source}:damaged`,
        platform: "webhook",
        target: good.target,
        message: '{"text":"途中で切れた',
        nextAttemptAt: now,
        idempotencyKey: `${source}:damaged`,
      },
    });
    await kyodo.scheduler.tick(now);
    expect((await kyodo.db.delivery.findUniqueOrThrow({ where: { id: good.id } })).state).toBe("sent");
    const failed = await kyodo.db.delivery.findUniqueOrThrow({ where: { id: damaged.id } });
    expect(failed.state).toBe("failed");
    expect(failed.lastError).toContain(`Delivery ${damaged.id}.message`);
    expect(textOf(chat.shown)).toContain("届くお知らせ");
  });
});

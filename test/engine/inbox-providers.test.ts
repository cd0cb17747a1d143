// The inbox's own statements on both providers (issue #15): on SQLite its table is in a file of its own,
// written on the ack path without Prisma; on PostgreSQL it stays in the main database. Either way an
// accepted event is claimed, worked on once and marked done in single statements, a redelivery is a
// duplicate, a refused button press frees its key, and a parked event is listed and put back.
import { afterAll, beforeAll, expect, it } from "vitest";
import { silentLogger } from "../../src/config/logger.ts";
import { Inbox } from "../../src/engine/inbox.ts";
import { listParkedEvents, retryParkedEvent } from "../../src/engine/inbox-store.ts";
import { refusalMessage, type InboundEvent, type OutboundMessage } from "../../src/engine/messages.ts";
import { inboxDbOf } from "../../src/storage/database.ts";
import { describeEachProvider } from "../support/postgres.ts";
import type { TestKyodo } from "../support/test-kyodo.ts";

function pressed(id: string, value: string): InboundEvent {
  return {
    kind: "action",
    eventId: id,
    ref: { platform: "test", workspace: "providers", conversationId: "dm:U1", isDirect: true },
    user: { externalId: "U1" },
    receivedAt: new Date(),
    actionId: "noop",
    value,
  };
}

describeEachProvider("the inbox's statements", (provider) => {
  let kyodo: TestKyodo;
  const worked: string[] = [];
  let inbox: Inbox;
  // The backoff between attempts is waited out by moving this clock.
  let now = new Date();

  beforeAll(async () => {
    kyodo = await provider.startKyodo({}, { http: false, inbox: false });
    inbox = new Inbox({
      db: kyodo.db,
      logger: silentLogger(),
      work: (event: InboundEvent): Promise<OutboundMessage[]> => {
        worked.push(event.eventId);
        if (event.kind === "action" && event.value === "fail") return Promise.reject(new Error("broken below"));
        return Promise.resolve(event.kind === "action" && event.value === "refuse" ? [refusalMessage("no")] : []);
      },
      reply: () => Promise.resolve(),
      failureReply: () => Promise.resolve([]),
      parked: () => Promise.resolve(),
      clock: () => now,
    });
  });
  afterAll(async () => {
    await inbox?.stop();
    await kyodo?.dispose();
  });

  const rowOf = (id: string) =>
    inboxDbOf(kyodo.db).inboxEvent.findFirstOrThrow({ where: { dedupeKey: { startsWith: `test:providers:${id}` } } });

  it("claims, works once and marks done; a redelivery is a duplicate", async () => {
    expect(await inbox.accept(pressed("p-1", "ok"))).toBe("accepted");
    expect(await inbox.accept(pressed("p-1", "ok"))).toBe("duplicate");
    await inbox.idle();
    expect(worked.filter((id) => id === "p-1")).toHaveLength(1);
    expect(await rowOf("p-1")).toMatchObject({ status: "done", attempts: 1, lastError: null, dedupeKey: "test:providers:p-1" });
    expect((await rowOf("p-1")).finishedAt).toBeInstanceOf(Date);
  });

  it("frees the key of a refused button press, so pressing it again is a new attempt", async () => {
    expect(await inbox.accept(pressed("p-2", "refuse"))).toBe("accepted");
    await inbox.idle();
    expect((await rowOf("p-2")).dedupeKey).toMatch(/^test:providers:p-2#retired:/);
    expect(await inbox.accept(pressed("p-2", "refuse"))).toBe("accepted");
    await inbox.idle();
  });

  it("parks what keeps failing, lists it, and puts it back", async () => {
    expect(await inbox.accept(pressed("p-3", "fail"))).toBe("accepted");
    await inbox.idle();
    // The later attempts are due after a backoff: run them as the sweep would, at their time.
    for (let i = 0; i < 6; i++) {
      const row = await rowOf("p-3");
      if (row.status === "failed") break;
      now = new Date(row.availableAt.getTime() + 1);
      await inbox.sweep();
      await inbox.idle();
    }
    const parked = await listParkedEvents(kyodo.db);
    const mine = parked.find((p) => p.what.includes("fail"));
    expect(mine).toMatchObject({ attempts: 5, lastError: "broken below" });
    expect(await retryParkedEvent(kyodo.db, mine!.id, now)).toBe(mine!.id);
    expect(await inboxDbOf(kyodo.db).inboxEvent.findUniqueOrThrow({ where: { id: mine!.id } })).toMatchObject({
      status: "pending",
      attempts: 0,
    });
  });
});

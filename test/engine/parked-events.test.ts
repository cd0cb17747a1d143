// A parked inbox event is listed for the secretariat even when its stored JSON cannot be read any more (an older
// shape, a damaged row): that is exactly the event someone has to look at, so the list names the problem.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listParkedEvents } from "../../src/engine/inbox-store.ts";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";
import { inboxDbOf } from "../../src/storage/database.ts";

let kyodo: TestKyodo;

beforeAll(async () => {
  kyodo = await startTestKyodo({}, { http: false });
});
afterAll(async () => kyodo.dispose());

describe("the list of parked events", () => {
  it("shows a readable event's text and names the row of one whose JSON cannot be read", async () => {
    const event = { kind: "text", text: "賛成", user: { externalId: "U1" } };
    await inboxDbOf(kyodo.db).inboxEvent.create({
      data: { dedupeKey: "test:ok", platform: "test", event: JSON.stringify(event), status: "failed", receivedAt: new Date(1000) },
    });
    const damaged = await inboxDbOf(kyodo.db).inboxEvent.create({
      data: { dedupeKey: "test:damaged", platform: "test", event: '{"kind":', status: "failed", receivedAt: new Date(2000) },
    });
    const listed = await listParkedEvents(kyodo.db);
    expect(listed.find((e) => e.user === "U1")?.what).toBe("賛成");
    expect(listed.find((e) => e.id === damaged.id)?.what).toContain(`InboxEvent ${damaged.id}`.slice(0, 40));
  });
});

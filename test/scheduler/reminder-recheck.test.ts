// A reminder is re-checked when it actually goes out, not only when it is queued: one queued before office
// hours for a body that answers in between is not sent (recorded as skipped, with the reason), while the
// bodies that still have not answered get theirs. Controlled clock, real SQLite, the real outbox.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInquiry } from "../../src/domain/inquiries/create-inquiry.ts";
import { findPerson } from "../../src/domain/people/find-person.ts";
import type { InboundEvent } from "../../src/engine/messages.ts";
import { RecordingAdapter } from "../support/recording-adapter.ts";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";

const jst = (iso: string) => new Date(`${iso}+09:00`);
let now = jst("2026-11-16T10:00:00");
let kyodo: TestKyodo;
const chat = new RecordingAdapter("console");
let n = 0;

async function say(user: string, text: string) {
  const event: InboundEvent = {
    kind: "text",
    eventId: `e${++n}`,
    ref: { platform: "console", workspace: "local", conversationId: `dm:${user}`, isDirect: true },
    user: { externalId: user },
    receivedAt: now,
    text,
  };
  return (await kyodo.engine.handle(event)).map((m) => m.text).join("\n");
}

const reminders = (user: string) => chat.textsFor(`dm:${user}`).filter((t) => t.includes("まだ回答をいただいていません"));

beforeAll(async () => {
  kyodo = await startTestKyodo({}, { http: false, clock: () => now });
  kyodo.outbox.register(chat);
  for (const handle of ["yamada", "sato", "takahashi"]) await say(handle, `link ${await kyodo.codeFor(handle)}`);
  const yamada = await findPerson(kyodo.db, kyodo.council.id, "yamada");
  const bodies = await kyodo.db.body.findMany({ where: { name: { in: ["千葉市", "銚子市"] } } });
  await createInquiry(
    kyodo.db,
    {
      councilId: kyodo.council.id,
      title: "システム利用状況調べ",
      dueAt: jst("2026-11-27T17:00:00"),
      bodyIds: bodies.map((b) => b.id),
      createdById: yamada.id,
      reminderOffsets: [7],
    },
    now,
    "Asia/Tokyo",
  );
});
afterAll(async () => {
  await kyodo.dispose();
});

describe("a reminder held back until office hours", () => {
  it("is not sent to a body that answered before it went out", async () => {
    // Kyodo comes back at 07:00 after missing the 09:00 reminder of the 17th: it is queued for 08:30.
    now = jst("2026-11-18T07:00:00");
    await kyodo.scheduler.tick(now);
    expect(reminders("takahashi")).toHaveLength(0);
    const queued = await kyodo.db.delivery.findMany({ where: { source: { startsWith: "reminder:" } } });
    expect(queued.map((d) => d.state)).toEqual(["queued", "queued"]);

    // 銚子市 answers at 08:00, before the reminder leaves.
    now = jst("2026-11-18T08:00:00");
    expect(await say("takahashi", "inquiry 1 done")).toContain("銚子市の回答済みを記録しました");

    now = jst("2026-11-18T08:31:00");
    await kyodo.scheduler.tick(now);
    expect(reminders("takahashi")).toHaveLength(0);
    expect(reminders("sato")).toHaveLength(1);
    const choshi = await kyodo.db.body.findFirstOrThrow({ where: { name: "銚子市" } });
    const skipped = await kyodo.db.delivery.findFirstOrThrow({ where: { source: { startsWith: "reminder:" }, bodyId: choshi.id } });
    expect(skipped.state).toBe("skipped");
    expect(skipped.lastError).toBe("answered before it went out");
    expect(skipped.sentAt).toBeNull();
  });

  it("a later tick leaves the skipped reminder alone", async () => {
    now = jst("2026-11-18T09:00:00");
    await kyodo.scheduler.tick(now);
    expect(reminders("takahashi")).toHaveLength(0);
    expect(reminders("sato")).toHaveLength(1);
  });
});

// Reminders on the public-office calendar with a controlled clock: business days only, usual contacts
// first and all staff from the third reminder, nobody reminded after answering, catch-up after downtime,
// and the automatic close at the deadline.
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

beforeAll(async () => {
  kyodo = await startTestKyodo({}, { http: false, clock: () => now });
  kyodo.outbox.register(chat);
  for (const handle of ["yamada", "sato", "suzuki", "takahashi"]) await say(handle, `link ${await kyodo.codeFor(handle)}`);
  const yamada = await findPerson(kyodo.db, kyodo.council.id, "yamada");
  const bodies = await kyodo.db.body.findMany({ where: { name: { in: ["千葉市", "銚子市", "我孫子市"] } } });
  await createInquiry(
    kyodo.db,
    {
      councilId: kyodo.council.id,
      title: "システム利用状況調べ",
      dueAt: jst("2026-11-27T17:00:00"),
      bodyIds: bodies.map((b) => b.id),
      createdById: yamada.id,
    },
    now,
    "Asia/Tokyo",
  );
  // The inquiry is announced when it opens (test/scheduler/inquiry-announcement.test.ts); what follows is
  // about the reminders after that.
  await kyodo.scheduler.tick(now);
  chat.posts.length = 0;
});
afterAll(async () => {
  await kyodo.dispose();
});

async function tickAt(iso: string) {
  now = jst(iso);
  return kyodo.scheduler.tick(now);
}

describe("inquiry reminders", () => {
  it("plans reminders on business days only, at 09:00", async () => {
    const jobs = await kyodo.db.job.findMany({ where: { kind: "deadline.reminder" }, orderBy: { dueAt: "asc" } });
    expect(jobs.map((j) => j.dueAt.toISOString())).toEqual(
      ["2026-11-17T09:00:00", "2026-11-24T09:00:00", "2026-11-26T09:00:00", "2026-11-27T09:00:00"].map((s) => jst(s).toISOString()),
    );
  });

  it("nothing goes out before the first reminder", async () => {
    await tickAt("2026-11-16T18:00:00");
    expect(chat.posts).toHaveLength(0);
  });

  it("first reminder reaches the primary contacts of bodies not yet answered", async () => {
    await tickAt("2026-11-17T09:00:00");
    expect(chat.textsFor("dm:sato")).toHaveLength(1);
    expect(chat.textsFor("dm:sato")[0]).toContain("千葉市 御中");
    expect(chat.textsFor("dm:sato")[0]).toContain("あと7営業日");
    expect(chat.textsFor("dm:takahashi")).toHaveLength(1);
    expect(chat.textsFor("dm:suzuki")).toHaveLength(0); // staff of 千葉市 but not its primary contact
    expect(chat.textsFor("dm:yamada")).toHaveLength(0); // 千葉県 was not asked
    // The same tick again sends nothing twice.
    await tickAt("2026-11-17T09:00:30");
    expect(chat.textsFor("dm:sato")).toHaveLength(1);
  });

  it("a body that answered is not reminded again", async () => {
    now = jst("2026-11-20T11:00:00");
    expect(await say("takahashi", "inquiry 1 done 提出しました")).toContain("銚子市の回答済みを記録しました");
    await tickAt("2026-11-24T09:00:00");
    expect(chat.textsFor("dm:takahashi")).toHaveLength(1);
    expect(chat.textsFor("dm:sato")).toHaveLength(2);
  });

  it("after downtime the missed reminder runs late, and escalates to all staff", async () => {
    // Kyodo was down at 26 Nov 09:00; it comes back at 07:00 the next morning, before the deadline:
    // the reminder is queued at once but waits for office hours (08:30) to go out.
    await tickAt("2026-11-27T07:00:00");
    expect(chat.textsFor("dm:sato")).toHaveLength(2);
    await tickAt("2026-11-27T08:31:00");
    expect(chat.textsFor("dm:sato")).toHaveLength(3);
    expect(chat.textsFor("dm:suzuki")).toHaveLength(1);
    expect(chat.textsFor("dm:suzuki")[0]).toContain("あと1営業日");
  });

  it("closes at the deadline; a reminder missed past it is skipped, and late answers are refused", async () => {
    // Down from before 27 Nov 09:00 until after the deadline.
    const report = await tickAt("2026-11-27T17:30:00");
    expect(report.skipped).toBe(1); // the day-of reminder, too late now
    expect(chat.textsFor("dm:sato")).toHaveLength(3);
    const inquiry = await kyodo.db.inquiry.findFirstOrThrow();
    expect(inquiry.closedAt).not.toBeNull();
    expect(await say("sato", "inquiry 1 done")).toContain("締め切られています");
    const skipped = await kyodo.db.job.findFirstOrThrow({ where: { kind: "deadline.reminder", state: "skipped" } });
    expect(skipped.lastError).toBe("deadline passed");
  });

  it("the secretariat sees who answered", async () => {
    const status = await say("yamada", "inquiry 1");
    expect(status).toContain("照会1「システム利用状況調べ」");
  });
});

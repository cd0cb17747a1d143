// Moving a deadline (extending an inquiry, a survey or a ballot, or reopening one) plans its reminders again for
// the new date with the reminder days chosen when it was opened, not the default 7, 3, 1 and the day itself.
import { afterAll, beforeAll, expect, it } from "vitest";
import { setInquiryDeadline } from "../../src/domain/inquiries/change-inquiry-deadline.ts";
import { createInquiry } from "../../src/domain/inquiries/create-inquiry.ts";
import { findPerson } from "../../src/domain/people/find-person.ts";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";

const jst = (iso: string) => new Date(`${iso}+09:00`);
const now = jst("2026-11-16T10:00:00");
let kyodo: TestKyodo;

beforeAll(async () => {
  kyodo = await startTestKyodo({}, { http: false, clock: () => now });
});
afterAll(async () => {
  await kyodo.dispose();
});

it("keeps the reminder days chosen at the start when the deadline moves", async () => {
  const yamada = await findPerson(kyodo.db, kyodo.council.id, "yamada");
  const body = await kyodo.db.body.findFirstOrThrow({ where: { name: "千葉市" } });
  const input = { councilId: kyodo.council.id, title: "利用状況調べ", bodyIds: [body.id], createdById: yamada.id, reminderOffsets: [2] };
  const inquiry = await createInquiry(kyodo.db, { ...input, dueAt: jst("2026-11-27T17:00:00") }, now, "Asia/Tokyo");
  await setInquiryDeadline(
    kyodo.db,
    { inquiryId: inquiry.id, dueAt: jst("2026-12-11T17:00:00"), actor: `person:${yamada.id}` },
    now,
    "Asia/Tokyo",
  );

  const deadline = await kyodo.db.deadline.findUniqueOrThrow({
    where: { subjectType_subjectId: { subjectType: "inquiry", subjectId: inquiry.id } },
  });
  expect(JSON.parse(deadline.reminderOffsets)).toEqual([2]);
  const reminders = await kyodo.db.job.findMany({ where: { key: { startsWith: `deadline:${deadline.id}:reminder` }, state: "pending" } });
  // Two business days before Friday 11 December: Wednesday 9 December, 09:00 in Tokyo — one reminder, not four.
  expect(reminders.map((j) => j.dueAt.toISOString())).toEqual(["2026-12-09T00:00:00.000Z"]);
});

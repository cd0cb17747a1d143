// Email votes waiting for review, from the web console: a voter's reply that Kyodo could not read arrives over real
// SMTP on loopback; the secretariat finds it among the mail to review, reads what Kyodo read, and records the vote
// the voter meant after a confirmation (resolveInbound: the vote is cast, audited with the web channel, and the
// voter gets a receipt by email) — or closes another review without a vote. A member is refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { optInToEmail } from "../../src/domain/email/email-optin.ts";
import { findPerson } from "../../src/domain/people/find-person.ts";
import { createExampleBallot } from "../motions/support.ts";
import { composeReply, deliver, replyToOf, startEmailKyodo, type EmailKyodo } from "../email/support/mail-harness.ts";
import { Browser, lastAuditEntry } from "./support.ts";

const now = new Date("2026-11-24T01:00:00Z");
const TAKAHASHI = "takahashi@city.choshi.example.jp";
const TANAKA = "tanaka@city.abiko.example.jp";
let mail: EmailKyodo;
let browser: Browser;

/** A reply of `address` to its ballot email that says nothing Kyodo can read as a vote. */
async function unclearReply(handle: string, address: string, messageId: string): Promise<string> {
  const to = replyToOf(mail.relay.last(address));
  const raw = await composeReply({ from: address, to, subject: "Re: 表決1", text: "確認しました。よろしくお願いします。", messageId });
  await deliver(mail.inboundPort, { from: address, to, raw });
  const row = await mail.kyodo.db.inboundMail.findFirstOrThrow({ where: { messageId } });
  expect(row, handle).toMatchObject({ outcome: "unclear", review: "open" });
  return row.id;
}

let takahashiMail: string;
let tanakaMail: string;

beforeAll(async () => {
  mail = await startEmailKyodo({}, { clock: () => now });
  const { kyodo } = mail;
  for (const handle of ["takahashi", "tanaka"]) {
    const person = await findPerson(kyodo.db, kyodo.council.id, handle);
    await optInToEmail(kyodo.db, { personId: person.id, actor: "test" }, now);
  }
  await createExampleBallot(kyodo, now);
  await kyodo.scheduler.tick(now);
  takahashiMail = await unclearReply("takahashi", TAKAHASHI, "<unclear-1@city.choshi.example.jp>");
  tanakaMail = await unclearReply("tanaka", TANAKA, "<unclear-2@city.abiko.example.jp>");
  browser = await Browser.signIn(kyodo, "yamada", now);
}, 60_000);
afterAll(async () => mail?.dispose());

describe("mail to review", () => {
  it("lists what waits for review and shows what Kyodo read", async () => {
    const list = await browser.page("/console/mail");
    expect(list.status).toBe(200);
    expect(list.html).toContain(`href="/console/mail/${takahashiMail}"`);
    expect(list.html).toContain("読み取れず");
    const one = await browser.page(`/console/mail/${takahashiMail}`);
    expect(one.html).toContain("確認しました。よろしくお願いします。");
    expect(one.html).toContain(`action="/console/mail/${takahashiMail}/resolve"`);
  });

  it("records the vote the voter meant only after confirmation, and answers the voter", async () => {
    const { kyodo } = mail;
    const csrf = await browser.csrf(`/console/mail/${takahashiMail}`);
    const fields = { _csrf: csrf, action: "vote", vote: "全議案賛成", note: "電話で確認" };
    const ask = await browser.post(`/console/mail/${takahashiMail}/resolve`, fields);
    expect(await ask.text()).toContain("「全議案賛成」を表決として記録しますか。");
    const takahashi = await findPerson(kyodo.db, kyodo.council.id, "takahashi");
    expect(await kyodo.db.motionVote.count({ where: { personId: takahashi.id } })).toBe(0);

    const done = await browser.post(`/console/mail/${takahashiMail}/resolve`, { ...fields, confirm: "yes" });
    expect(done.headers.get("location")).toBe(`/console/mail/${takahashiMail}?done=mailRecorded`);
    expect(await kyodo.db.motionVote.count({ where: { personId: takahashi.id, current: true, choice: "for" } })).toBe(4);
    expect(await kyodo.db.inboundMail.findUniqueOrThrow({ where: { id: takahashiMail } })).toMatchObject({
      review: "resolved",
      resolution: "電話で確認",
    });
    const yamada = await findPerson(kyodo.db, kyodo.council.id, "yamada");
    expect(await lastAuditEntry(kyodo, "email.review.record")).toMatchObject({ actor: `person:${yamada.id}`, payload: { channel: "web" } });
    await kyodo.scheduler.tick(now);
    expect(mail.relay.last(TAKAHASHI).parsed.text).toContain("いただいたメールを事務局が確認し、次のとおり表決を記録しました。");
  });

  it("closes another review without a vote, after confirmation", async () => {
    const csrf = await browser.csrf(`/console/mail/${tanakaMail}`);
    const fields = { _csrf: csrf, action: "dismiss", note: "表決ではない" };
    expect(await (await browser.post(`/console/mail/${tanakaMail}/resolve`, fields)).text()).toContain(
      "表決を記録せずに確認済みにしますか。",
    );
    const done = await browser.post(`/console/mail/${tanakaMail}/resolve`, { ...fields, confirm: "yes" });
    expect(done.status).toBe(303);
    expect(await mail.kyodo.db.inboundMail.findUniqueOrThrow({ where: { id: tanakaMail } })).toMatchObject({ review: "dismissed" });
    expect((await browser.page("/console/mail")).html).toContain("確認待ちのメールはありません。");
  });

  it("is refused to a member, and to a form without the CSRF token", async () => {
    const member = await Browser.signIn(mail.kyodo, "sato", now);
    expect((await member.page("/console/mail")).status).toBe(403);
    const csrf = await member.csrf("/console/");
    const refused = await member.post(`/console/mail/${tanakaMail}/resolve`, { _csrf: csrf, action: "dismiss", confirm: "yes" });
    expect(refused.status).toBe(403);
    expect((await browser.post(`/console/mail/${tanakaMail}/resolve`, { action: "dismiss", confirm: "yes" })).status).toBe(403);
  });
});

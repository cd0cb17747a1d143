// Inquiries (照会) from the web console against the real HTTP server: the secretariat opens one (problems named in
// both languages, a preview naming every body asked, then createInquiry on confirmation), follows its progress by
// body, records a body's answer that came by phone after confirming it, extends, reminds, closes early (the planned
// reminders are cancelled) and reopens — each through the domain use case and audited with the web channel. A
// member sees chat's view and is refused every action; a form without the session's CSRF token changes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findBody } from "../../src/domain/bodies/find-body.ts";
import type { TestKyodo } from "../support/test-kyodo.ts";
import { Browser, type Clock, lastAuditEntry, startSignedInConsole } from "./support.ts";

let kyodo: TestKyodo;
let clock: Clock;
let browser: Browser;
let yamadaId: string;

beforeAll(async () => {
  ({ kyodo, clock, browser, personId: yamadaId } = await startSignedInConsole());
});
afterAll(async () => {
  await kyodo.dispose();
});

const inquiry = () => kyodo.db.inquiry.findFirstOrThrow({ where: { number: 1 }, include: { targets: true } });
const pendingJobs = async () => {
  const deadline = await kyodo.db.deadline.findFirstOrThrow({ where: { subjectType: "inquiry" } });
  return kyodo.db.job.count({ where: { state: "pending", payload: { contains: deadline.id } } });
};

describe("opening an inquiry", () => {
  it("offers the form with labelled fields, to the secretariat only", async () => {
    const { status, html } = await browser.page("/console/inquiries/new");
    expect(status).toBe(200);
    for (const id of ["iq-title", "iq-text", "iq-due", "iq-bodies", "iq-reminders"]) expect(html).toContain(`<label for="${id}">`);
    const member = await Browser.signIn(kyodo, "sato", clock.now);
    expect((await member.page("/console/inquiries/new")).status).toBe(403);
  });

  it("names every problem in Japanese and English and opens nothing", async () => {
    const csrf = await browser.csrf("/console/inquiries/new");
    const response = await browser.post("/console/inquiries/new", {
      _csrf: csrf,
      title: "",
      due: "いつか",
      bodies: "千葉市, どこにもない市",
      reminders: "7,x",
    });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain("照会の件名は1〜200文字で入力してください。");
    expect(html).toContain("日時を読み取れませんでした。");
    expect(html).toContain("どこにもない市");
    expect(html).toContain("Reminders are day counts from 0 to 60");
    expect(await kyodo.db.inquiry.count()).toBe(0);
  });

  it("previews every body asked without opening it, then opens it on confirmation", async () => {
    const csrf = await browser.csrf("/console/inquiries/new");
    const fields = {
      _csrf: csrf,
      title: "庁内LANの更新時期",
      text: "更新予定の年度を教えてください。",
      due: "2026-12-10 17:00",
      bodies: "千葉市、銚子市",
    };
    const preview = await browser.post("/console/inquiries/new", fields);
    expect(preview.status).toBe(200);
    const html = await preview.text();
    expect(html).toContain("千葉市、銚子市");
    expect(html).toContain("照会を作成して2団体に知らせる");
    expect(await kyodo.db.inquiry.count()).toBe(0);

    const created = await browser.post("/console/inquiries/create", { ...fields, reminders: "3,0" });
    expect(created.status).toBe(303);
    expect(created.headers.get("location")).toBe("/console/inquiries/1?done=inquiryCreated");
    const row = await inquiry();
    expect(row.title).toBe("庁内LANの更新時期");
    expect(row.targets).toHaveLength(2);
    expect(await pendingJobs()).toBeGreaterThan(0);
    expect(await lastAuditEntry(kyodo, "inquiries.create")).toMatchObject({ actor: `person:${yamadaId}`, payload: { channel: "web" } });
  });
});

describe("an inquiry's page", () => {
  it("shows the progress by body and lists it among the inquiries", async () => {
    const { status, html } = await browser.page("/console/inquiries/1?done=inquiryCreated");
    expect(status).toBe(200);
    expect(html).toContain("照会を作成し、照会先の団体に知らせました。");
    expect(html).toContain("団体別の回答状況");
    expect(html).toMatch(/<progress max="2" value="0">/);
    const list = await browser.page("/console/inquiries");
    expect(list.html).toContain('href="/console/inquiries/1"');
    expect(list.html).toContain("受付中");
  });

  it("records a body's answer that came by phone only after it is confirmed", async () => {
    const chiba = await findBody(kyodo.db, kyodo.council.id, "千葉市");
    const csrf = await browser.csrf("/console/inquiries/1");
    const fields = { _csrf: csrf, body: chiba.id, note: "12/3 電話で回答（総務課）" };
    const ask = await browser.post("/console/inquiries/1/answer", fields);
    expect(ask.status).toBe(200);
    const question = await ask.text();
    expect(question).toContain("千葉市の回答済みを記録しますか。メモ: 12/3 電話で回答（総務課）");
    expect(question).toContain(`name="body" value="${chiba.id}"`);
    expect(await kyodo.db.inquiryResponse.count()).toBe(0);

    const done = await browser.post("/console/inquiries/1/answer", { ...fields, confirm: "yes" });
    expect(done.status).toBe(303);
    const response = await kyodo.db.inquiryResponse.findFirstOrThrow({ where: { bodyId: chiba.id, current: true } });
    expect(response).toMatchObject({ personId: yamadaId, note: "12/3 電話で回答（総務課）" });
    expect(await lastAuditEntry(kyodo, "inquiries.respond.recorded")).toMatchObject({
      actor: `person:${yamadaId}`,
      payload: { channel: "web", bodyId: chiba.id, late: false },
    });
    const { html } = await browser.page("/console/inquiries/1");
    expect(html).toMatch(/<progress max="2" value="1">/);
    expect(html).toContain("12/3 電話で回答（総務課）");
  });

  it("refuses a body the inquiry does not ask, in both languages", async () => {
    const other = await findBody(kyodo.db, kyodo.council.id, "市川市");
    const csrf = await browser.csrf("/console/inquiries/1");
    const response = await browser.post("/console/inquiries/1/answer", { _csrf: csrf, body: other.id, confirm: "yes" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("この照会の照会先から団体を選んでください。 / Choose one of the bodies this inquiry asks.");
    expect(await kyodo.db.inquiryResponse.count()).toBe(1);
  });

  it("extends the deadline and reminds now, each audited with the web channel", async () => {
    const csrf = await browser.csrf("/console/inquiries/1");
    const extended = await browser.post("/console/inquiries/1/extend", { _csrf: csrf, due: "2026-12-17T17:00" });
    expect(extended.status).toBe(303);
    expect((await inquiry()).dueAt.toISOString()).toBe("2026-12-17T08:00:00.000Z");
    expect(await lastAuditEntry(kyodo, "inquiries.extend")).toMatchObject({ payload: { channel: "web", to: "2026-12-17T08:00:00.000Z" } });
    const reminded = await browser.post("/console/inquiries/1/remind", { _csrf: csrf });
    expect(reminded.status).toBe(303);
    expect(reminded.headers.get("location")).toBe("/console/inquiries/1?done=reminded");
  });

  it("closes only after confirmation, cancelling the planned reminders, and reopens with a new deadline", async () => {
    const csrf = await browser.csrf("/console/inquiries/1");
    const ask = await browser.post("/console/inquiries/1/close", { _csrf: csrf });
    expect(ask.status).toBe(200);
    expect(await ask.text()).toContain("2団体のうち1団体がまだ回答していません。");
    expect((await inquiry()).closedAt).toBeNull();

    const closed = await browser.post("/console/inquiries/1/close", { _csrf: csrf, confirm: "yes" });
    expect(closed.status).toBe(303);
    expect((await inquiry()).closedAt).not.toBeNull();
    expect(await pendingJobs()).toBe(0);
    expect(await lastAuditEntry(kyodo, "inquiries.close")).toMatchObject({ actor: `person:${yamadaId}`, payload: { channel: "web" } });
    const page = await browser.page("/console/inquiries/1");
    expect(page.html).not.toContain("/console/inquiries/1/answer");
    expect(page.html).toContain("再開する");

    const reopened = await browser.post("/console/inquiries/1/extend", { _csrf: csrf, due: "2026-12-24 17:00" });
    expect(reopened.status).toBe(303);
    expect((await inquiry()).closedAt).toBeNull();
    expect(await pendingJobs()).toBeGreaterThan(0);
    expect(await lastAuditEntry(kyodo, "inquiries.reopen")).toMatchObject({ payload: { channel: "web" } });
  });
});

describe("who may do what", () => {
  it("shows a member chat's own view and refuses every action", async () => {
    const member = await Browser.signIn(kyodo, "sato", clock.now);
    const view = await member.page("/console/inquiries/1");
    expect(view.status).toBe(200);
    expect(view.html).toContain("庁内LANの更新時期");
    expect(view.html).not.toContain("/console/inquiries/1/close");
    const csrf = await member.csrf("/console/inquiries/1");
    const before = await kyodo.db.auditEntry.count();
    for (const action of ["close", "remind", "answer", "extend"]) {
      const response = await member.post(`/console/inquiries/1/${action}`, { _csrf: csrf, confirm: "yes", due: "2026-12-30 17:00" });
      expect(response.status, action).toBe(403);
    }
    expect(await kyodo.db.auditEntry.count()).toBe(before);
  });

  it("changes nothing for a form without the session's CSRF token", async () => {
    const response = await browser.post("/console/inquiries/1/close", { confirm: "yes" });
    expect(response.status).toBe(403);
    expect((await inquiry()).closedAt).toBeNull();
  });
});

// Procurement candidates (共同調達の候補案件) from the web console against the real HTTP server: the secretariat
// registers one (problems named in both languages, a confirmation, then proposeCandidate), corrects its fields (the
// confirmation names the changed fields), records a body's interest that came on paper, shortlists it by hand and
// takes it off, archives it so it takes
// no more interest and restores it — each through the CLI's use case, audited with the web channel. A member sees
// chat's view without the forms and is refused every action.
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

const candidate = () => kyodo.db.procurementCandidate.findFirstOrThrow({ where: { number: 1 } });
const fields = {
  name: "AI議事録作成システム",
  category: "業務システム",
  description: "会議の音声から議事録の案を作ります。",
  products: "ProVoXT\nAmiVoice",
  roughCost: "年額 約700万円（全団体計）",
  links: "https://example.jp/ai-minutes",
};

describe("registering a candidate", () => {
  it("names a problem in both languages and registers nothing", async () => {
    const csrf = await browser.csrf("/console/candidates/new");
    const response = await browser.post("/console/candidates/new", { _csrf: csrf, ...fields, links: "ftp://example.jp/x" });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain("「ftp://example.jp/x」は http:// または https:// で始まるURLではありません。");
    expect(html).toContain("is not a URL");
    expect(await kyodo.db.procurementCandidate.count()).toBe(0);
  });

  it("asks first, then registers it through proposeCandidate, audited with the web channel", async () => {
    const csrf = await browser.csrf("/console/candidates/new");
    const ask = await browser.post("/console/candidates/new", { _csrf: csrf, ...fields });
    expect(ask.status).toBe(200);
    expect(await ask.text()).toContain("案件「AI議事録作成システム」を登録しますか。");
    expect(await kyodo.db.procurementCandidate.count()).toBe(0);

    const done = await browser.post("/console/candidates/new", { _csrf: csrf, ...fields, confirm: "yes" });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe("/console/candidates/1?done=candidateProposed");
    const row = await candidate();
    expect(row).toMatchObject({ name: "AI議事録作成システム", proposedBy: `person:${yamadaId}` });
    expect(JSON.parse(row.products)).toEqual(["ProVoXT", "AmiVoice"]);
    expect(await lastAuditEntry(kyodo, "candidates.propose")).toMatchObject({ payload: { channel: "web" } });
    const page = await browser.page("/console/candidates/1?done=candidateProposed");
    expect(page.status).toBe(200);
    expect(page.html).toContain("案件を登録しました。");
    expect(page.html).toContain('action="/console/candidates/1/archive"');
  });
});

describe("changing a candidate", () => {
  it("names the changed fields before saving them", async () => {
    const form = await browser.page("/console/candidates/1/edit");
    expect(form.html).toContain("AmiVoice");
    const csrf = await browser.csrf("/console/candidates/1/edit");
    const changed = { ...fields, roughCost: "年額 約650万円（全団体計）" };
    const ask = await browser.post("/console/candidates/1/edit", { _csrf: csrf, ...changed });
    expect(await ask.text()).toContain("案件1 AI議事録作成システムの次の項目を変更しますか: 概算費用");
    expect((await candidate()).roughCost).toBe("年額 約700万円（全団体計）");
    const done = await browser.post("/console/candidates/1/edit", { _csrf: csrf, ...changed, confirm: "yes" });
    expect(done.headers.get("location")).toBe("/console/candidates/1?done=candidateEdited");
    expect((await candidate()).roughCost).toBe("年額 約650万円（全団体計）");
    expect(await lastAuditEntry(kyodo, "candidates.edit")).toMatchObject({
      payload: { channel: "web", before: { roughCost: "年額 約700万円（全団体計）" }, after: { roughCost: "年額 約650万円（全団体計）" } },
    });
  });

  it("records a body's interest that came on paper", async () => {
    const chiba = await findBody(kyodo.db, kyodo.council.id, "千葉市");
    const csrf = await browser.csrf("/console/candidates/1");
    const interest = { _csrf: csrf, body: chiba.id, level: "next_year", fy: "令和9年度", note: "紙の回答票" };
    const ask = await browser.post("/console/candidates/1/interest", interest);
    expect(await ask.text()).toContain("千葉市の関心を「次年度導入予定 (令和9年度)」として記録しますか。");
    expect(await kyodo.db.candidateInterest.count()).toBe(0);
    const done = await browser.post("/console/candidates/1/interest", { ...interest, confirm: "yes" });
    expect(done.status).toBe(303);
    const row = await kyodo.db.candidateInterest.findFirstOrThrow({ where: { bodyId: chiba.id, current: true } });
    expect(row).toMatchObject({ level: "next_year", fiscalYear: 2027, note: "紙の回答票", via: "web" });
    expect(await lastAuditEntry(kyodo, "candidates.interest")).toMatchObject({ payload: { channel: "web" } });
  });

  it("shortlists it by hand with a reason after confirmation, and takes it off again", async () => {
    const csrf = await browser.csrf("/console/candidates/1");
    const ask = await browser.post("/console/candidates/1/shortlist", { _csrf: csrf, reason: "政策的に重要" });
    expect(await ask.text()).toContain("事務局の判断で選定しますか。");
    expect((await candidate()).shortlistedAt).toBeNull();
    await browser.post("/console/candidates/1/shortlist", { _csrf: csrf, reason: "政策的に重要", confirm: "yes" });
    expect((await candidate()).shortlistedAt).not.toBeNull();
    expect(JSON.parse((await candidate()).shortlistBasis!)).toMatchObject({ mode: "manual", reason: "政策的に重要" });
    expect(await lastAuditEntry(kyodo, "candidates.shortlist")).toMatchObject({ payload: { channel: "web", mode: "manual" } });
    expect((await browser.page("/console/candidates/1")).html).toContain("選定を取り消す");
    const withdrawn = await browser.post("/console/candidates/1/shortlist", { _csrf: csrf, confirm: "yes" });
    expect(withdrawn.headers.get("location")).toBe("/console/candidates/1?done=candidateWithdrawn");
    expect((await candidate()).shortlistedAt).toBeNull();
  });

  it("archives it so it takes no more interest, and restores it", async () => {
    const csrf = await browser.csrf("/console/candidates/1");
    const ask = await browser.post("/console/candidates/1/archive", { _csrf: csrf, reason: "調達済み" });
    expect(await ask.text()).toContain("関心の登録を受け付けなくなります");
    expect((await candidate()).archivedAt).toBeNull();
    await browser.post("/console/candidates/1/archive", { _csrf: csrf, reason: "調達済み", confirm: "yes" });
    expect(await candidate()).toMatchObject({ archiveReason: "調達済み" });
    expect((await candidate()).archivedAt).not.toBeNull();
    const page = await browser.page("/console/candidates/1");
    expect(page.html).toContain('action="/console/candidates/1/restore"');
    expect(page.html).not.toContain('action="/console/candidates/1/interest"');

    const chiba = await findBody(kyodo.db, kyodo.council.id, "千葉市");
    const refused = await browser.post("/console/candidates/1/interest", { _csrf: csrf, body: chiba.id, level: "none", confirm: "yes" });
    expect(refused.status).toBe(400);
    expect(await kyodo.db.candidateInterest.count()).toBe(1);

    await browser.post("/console/candidates/1/restore", { _csrf: csrf, confirm: "yes" });
    expect((await candidate()).archivedAt).toBeNull();
    expect(await lastAuditEntry(kyodo, "candidates.restore")).toMatchObject({ payload: { channel: "web" } });
  });
});

describe("a member", () => {
  it("sees chat's view without the forms and is refused every action", async () => {
    const member = await Browser.signIn(kyodo, "sato", clock.now);
    const view = await member.page("/console/candidates/1");
    expect(view.status).toBe(200);
    expect(view.html).toContain("AI議事録作成システム");
    expect(view.html).not.toContain("/console/candidates/1/archive");
    expect((await member.page("/console/candidates/new")).status).toBe(403);
    const csrf = await member.csrf("/console/candidates/1");
    const before = await kyodo.db.auditEntry.count();
    for (const action of ["edit", "archive", "restore", "interest", "shortlist"]) {
      const response = await member.post(`/console/candidates/1/${action}`, { _csrf: csrf, ...fields, confirm: "yes" });
      expect(response.status, action).toBe(403);
    }
    expect(await kyodo.db.auditEntry.count()).toBe(before);
  });

  it("changes nothing for a secretariat form without the session's CSRF token", async () => {
    const before = await kyodo.db.auditEntry.count();
    const response = await browser.post("/console/candidates/1/archive", { confirm: "yes", reason: "x", slug: "x", name: "x" });
    expect(response.status).toBe(403);
    expect(await kyodo.db.auditEntry.count()).toBe(before);
  });
});

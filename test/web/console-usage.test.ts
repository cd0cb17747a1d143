// Shared systems and their usage from the web console against the real HTTP server: the secretariat registers a
// system, enters one figure, posts a period's summary to the system's organ now, and schedules the monthly summary
// (which the scheduler then runs) — each confirmed first, through the CLI's use cases, audited with the web
// channel. A member sees chat's views without the forms and is refused every action.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

const system = () => kyodo.db.sharedSystem.findFirst({ where: { councilId: kyodo.council.id, slug: "kosodate-app" } });

describe("a shared system", () => {
  it("is registered after confirmation, with its organ, audited with the web channel", async () => {
    const organ = await kyodo.db.organ.findFirstOrThrow({ where: { councilId: kyodo.council.id, slug: "denshi-shinsei" } });
    const page = await browser.page("/console/usage");
    expect(page.html).toContain('action="/console/usage/systems"');
    const csrf = await browser.csrf("/console/usage");
    const fields = {
      _csrf: csrf,
      slug: "kosodate-app",
      name: "子育て支援アプリ",
      nameEn: "Child-care app",
      sla: "99.5",
      organ: organ.slug,
    };
    const ask = await browser.post("/console/usage/systems", fields);
    expect(await ask.text()).toContain("共同利用システム「子育て支援アプリ」（kosodate-app）を登録しますか。");
    expect(await system()).toBeNull();
    const done = await browser.post("/console/usage/systems", { ...fields, confirm: "yes" });
    expect(done.headers.get("location")).toBe("/console/usage/kosodate-app?done=systemSaved");
    expect(await system()).toMatchObject({ name: "子育て支援アプリ", slaPercent: "99.5", organId: organ.id });
    expect(await lastAuditEntry(kyodo, "usage.systems.define")).toMatchObject({ actor: `person:${yamadaId}`, payload: { channel: "web" } });
  });

  it("takes one figure after confirmation, and says plainly when the period cannot be read", async () => {
    const csrf = await browser.csrf("/console/usage/kosodate-app");
    const bad = await browser.post("/console/usage/kosodate-app/record", {
      _csrf: csrf,
      period: "いつか",
      body: "*",
      metric: "applications",
      value: "1",
    });
    expect(bad.status).toBe(400);
    const figure = { _csrf: csrf, period: "2026-10", body: "千葉市", metric: "applications", value: "1234" };
    const ask = await browser.post("/console/usage/kosodate-app/record", figure);
    expect(await ask.text()).toContain("「申請件数」を 1234 として登録しますか。");
    const figures = async () => kyodo.db.usageFigure.count({ where: { systemId: (await system())!.id } });
    expect(await figures()).toBe(0);
    const done = await browser.post("/console/usage/kosodate-app/record", { ...figure, confirm: "yes" });
    expect(done.status).toBe(303);
    expect(await figures()).toBe(1);
    expect(await kyodo.db.usageFigure.findFirstOrThrow({ where: { systemId: (await system())!.id } })).toMatchObject({
      metric: "applications",
      value: "1234",
    });
    // usage.record's payload already has a "channel" (the figure's breakdown, e.g. total), which the web channel
    // does not overwrite; the actor says who entered it.
    expect(await lastAuditEntry(kyodo, "usage.record")).toMatchObject({ actor: `person:${yamadaId}`, payload: { metric: "applications" } });
    const page = await browser.page("/console/usage/kosodate-app?period=2026-10&done=usageRecorded");
    expect(page.html).toContain("数値を登録しました。");
    expect(page.html).toContain("1,234");
  });

  it("posts a period's summary now, or says why it did not", async () => {
    const organ = await kyodo.db.organ.findFirstOrThrow({ where: { councilId: kyodo.council.id, slug: "denshi-shinsei" } });
    await kyodo.db.organConversation.create({
      data: {
        organId: organ.id,
        platform: "slack",
        target: JSON.stringify({ platform: "slack", workspace: "T1", conversationId: "C-denshi" }),
        linkedBy: "test",
      },
    });
    const csrf = await browser.csrf("/console/usage/kosodate-app");
    const empty = await browser.post("/console/usage/kosodate-app/post", { _csrf: csrf, period: "2025-10", confirm: "yes" });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain("その期間の数値がないため投稿しませんでした");
    const ask = await browser.post("/console/usage/kosodate-app/post", { _csrf: csrf, period: "2026-10" });
    expect(await ask.text()).toContain("要約を、部会の会話（なければ事務局）にいま投稿しますか。");
    expect(await kyodo.db.delivery.count({ where: { source: { startsWith: "usage-summary:" } } })).toBe(0);
    const posted = await browser.post("/console/usage/kosodate-app/post", { _csrf: csrf, period: "2026-10", confirm: "yes" });
    expect(posted.status).toBe(200);
    expect(await posted.text()).toContain("要約を投稿しました（グループ 1件");
    expect(await kyodo.db.delivery.count({ where: { source: { startsWith: "usage-summary:" } } })).toBe(1);
  });

  it("schedules the monthly summary once per scope and system (a second schedule replaces the first)", async () => {
    const csrf = await browser.csrf("/console/usage");
    const schedule = { _csrf: csrf, scope: "month", cron: "0 9 5 * *", system: "kosodate-app", confirm: "yes" };
    const done = await browser.post("/console/usage/schedule", schedule);
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("定期投稿「usage-summary:");
    await browser.post("/console/usage/schedule", { ...schedule, cron: "0 10 5 * *" });
    const jobs = await kyodo.db.recurringJob.findMany({ where: { kind: "usage.summary" } });
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.cron).toBe("0 10 5 * *");
    expect(await lastAuditEntry(kyodo, "usage.summary.schedule")).toMatchObject({
      payload: { channel: "web", scope: "month", system: "kosodate-app", cron: "0 10 5 * *" },
    });
    const bad = await browser.post("/console/usage/schedule", { ...schedule, cron: "every day" });
    expect(bad.status).toBe(400);
  });
});

describe("a member", () => {
  it("sees chat's views without the forms and is refused every action", async () => {
    const member = await Browser.signIn(kyodo, "sato", clock.now);
    const list = await member.page("/console/usage");
    expect(list.status).toBe(200);
    expect(list.html).not.toContain('action="/console/usage/systems"');
    const one = await member.page("/console/usage/kosodate-app");
    expect(one.html).not.toContain("/console/usage/kosodate-app/record");
    const csrf = await member.csrf("/console/usage");
    const before = await kyodo.db.auditEntry.count();
    for (const path of [
      "/console/usage/systems",
      "/console/usage/schedule",
      "/console/usage/kosodate-app/record",
      "/console/usage/kosodate-app/post",
    ]) {
      const response = await member.post(path, { _csrf: csrf, confirm: "yes", slug: "x", name: "x", period: "2026-10", value: "1" });
      expect(response.status, path).toBe(403);
    }
    expect(await kyodo.db.auditEntry.count()).toBe(before);
  });

  it("changes nothing for a secretariat form without the session's CSRF token", async () => {
    const before = await kyodo.db.auditEntry.count();
    const response = await browser.post("/console/usage/systems", { confirm: "yes", reason: "x", slug: "x", name: "x" });
    expect(response.status).toBe(403);
    expect(await kyodo.db.auditEntry.count()).toBe(before);
  });
});

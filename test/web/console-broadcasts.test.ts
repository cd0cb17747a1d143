// Broadcasts from the web console against the real HTTP server: the secretariat writes one, previews exactly who
// gets it and who cannot be reached, and sends it through createBroadcast (the use case chat and the CLI run),
// audited with the web channel; past broadcasts are listed with their delivery status. A member is refused, a
// form without the session's CSRF token changes nothing, and bad input is named in both languages.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendBroadcast } from "../../src/domain/broadcasts/send-broadcast.ts";
import type { TestKyodo } from "../support/test-kyodo.ts";
import { linkedSession } from "../surveys/support/surveys.ts";
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

/** A broadcast sent from the console to every body at `at` (Tokyo time); returns it from the database. */
async function sendToAll(text: string, at: string) {
  const csrf = await browser.csrf("/console/broadcasts");
  const sent = await browser.post("/console/broadcasts/send", { _csrf: csrf, audience: "all", text, at });
  expect(sent.status).toBe(303);
  return kyodo.db.broadcast.findFirstOrThrow({ where: { text } });
}

describe("writing a broadcast", () => {
  it("offers the audiences chat allows, with labelled fields", async () => {
    const { status, html } = await browser.page("/console/broadcasts");
    expect(status).toBe(200);
    expect(html).toContain('name="audience" value="all"');
    expect(html).toContain('name="audience" value="organ"');
    expect(html).toContain('name="audience" value="pending"');
    expect(html).toContain('name="bodies"');
    expect(html).toContain('<label for="bc-text">');
    expect(html).toContain("お知らせはまだありません。");
  });

  it("names every problem in Japanese and English and sends nothing", async () => {
    const csrf = await browser.csrf("/console/broadcasts");
    const response = await browser.post("/console/broadcasts/preview", { _csrf: csrf, audience: "", text: " ", at: "いつか" });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain("宛先を選んでください。 / Choose an audience.");
    expect(html).toContain("本文が空です。 / The message is empty.");
    expect(html).toMatch(/「いつか」は日時として読めないか/);
    const sent = await browser.post("/console/broadcasts/send", { _csrf: csrf, audience: "bodies", text: "連絡です" });
    expect(sent.status).toBe(422);
    expect(await sent.text()).toContain("宛先の団体を1つ以上選んでください。");
    expect(await kyodo.db.broadcast.count()).toBe(0);
  });

  it("previews who gets it and who cannot be reached, without sending", async () => {
    const csrf = await browser.csrf("/console/broadcasts");
    const response = await browser.post("/console/broadcasts/preview", {
      _csrf: csrf,
      audience: "all",
      text: "12月の幹事会は書面開催です。",
    });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("宛先一覧");
    expect(html).toContain("届かない");
    expect(html).toContain("チャット未連携");
    expect(html).toMatch(/0人（\d+団体中）: —/);
    expect(html).toContain('action="/console/broadcasts/send"');
    expect(html).toContain('name="text" value="12月の幹事会は書面開催です。"');
    expect(await kyodo.db.broadcast.count()).toBe(0);
  });

  it("sends on confirmation through the domain, audited with the web channel, and lists it", async () => {
    const chiba = await kyodo.db.body.findFirstOrThrow({ where: { councilId: kyodo.council.id, name: "千葉市" } });
    const csrf = await browser.csrf("/console/broadcasts");
    const fields = new URLSearchParams({ _csrf: csrf, audience: "bodies", text: "資料を送付しました。", at: "2026-11-25 10:00" });
    fields.append("bodies", chiba.id);
    const preview = await browser.post("/console/broadcasts/preview", fields);
    expect(preview.status).toBe(200);
    expect(await preview.text()).toContain("指定した団体（1団体）");
    const sent = await browser.post("/console/broadcasts/send", fields);
    expect(sent.status).toBe(303);
    expect(sent.headers.get("location")).toBe("/console/broadcasts?done=broadcastCreated");
    const broadcast = await kyodo.db.broadcast.findFirstOrThrow();
    expect(broadcast).toMatchObject({ createdById: yamadaId, text: "資料を送付しました。", state: "scheduled" });
    expect(JSON.parse(broadcast.audience)).toEqual({ kind: "bodies", bodyIds: [chiba.id] });
    expect(broadcast.sendAt).toEqual(new Date("2026-11-25T01:00:00Z"));
    expect(await lastAuditEntry(kyodo, "broadcasts.create")).toMatchObject({ actor: `person:${yamadaId}`, payload: { channel: "web" } });
    const list = await browser.page("/console/broadcasts?done=broadcastCreated");
    expect(list.html).toContain("お知らせを受け付けました。");
    expect(list.html).toContain(`href="/console/broadcasts/${broadcast.id.slice(-6)}"`);
    expect(list.html).toContain("送信予約");
    const one = await browser.page(`/console/broadcasts/${broadcast.id.slice(-6)}`);
    expect(one.status).toBe(200);
    expect(one.html).toContain("資料を送付しました。");
  });

  it("refuses a member, and a form without the CSRF token, changing nothing", async () => {
    const before = await kyodo.db.broadcast.count();
    const member = await Browser.signIn(kyodo, "sato", clock.now);
    expect((await member.page("/console/broadcasts")).status).toBe(403);
    const memberCsrf = await member.csrf("/console/");
    const refused = await member.post("/console/broadcasts/send", { _csrf: memberCsrf, audience: "all", text: "こんにちは" });
    expect(refused.status).toBe(403);
    const forged = await browser.post("/console/broadcasts/send", { audience: "all", text: "こんにちは" });
    expect(forged.status).toBe(403);
    expect(await kyodo.db.broadcast.count()).toBe(before);
  });
});

describe("after sending", () => {
  it("cancels a scheduled broadcast after asking, audited with the web channel", async () => {
    const broadcast = await sendToAll("取り消す予定のお知らせ", "2026-11-30 09:00");
    const short = broadcast.id.slice(-6);
    const page = await browser.page(`/console/broadcasts/${short}`);
    expect(page.html).toContain(`action="/console/broadcasts/${short}/cancel"`);
    // Home lists it among what comes next, linked to its page.
    expect((await browser.page("/console/")).html).toContain(`href="/console/broadcasts/${short}"`);
    const csrf = await browser.csrf(`/console/broadcasts/${short}`);
    const asked = await browser.post(`/console/broadcasts/${short}/cancel`, { _csrf: csrf });
    expect(asked.status).toBe(200);
    expect(await asked.text()).toContain("取り消す予定のお知らせ");
    expect((await kyodo.db.broadcast.findUniqueOrThrow({ where: { id: broadcast.id } })).state).toBe("scheduled");
    const cancelled = await browser.post(`/console/broadcasts/${short}/cancel`, { _csrf: csrf, confirm: "yes" });
    expect(cancelled.status).toBe(303);
    expect((await kyodo.db.broadcast.findUniqueOrThrow({ where: { id: broadcast.id } })).state).toBe("cancelled");
    expect(await lastAuditEntry(kyodo, "broadcasts.cancel")).toMatchObject({ actor: `person:${yamadaId}`, payload: { channel: "web" } });
    // Cancelled once is the end: a second try says so and changes nothing.
    const again = await browser.post(`/console/broadcasts/${short}/cancel`, { _csrf: csrf, confirm: "yes" });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain(
      "送信予約中のお知らせではないため取り消せません。 / That broadcast is not scheduled any more and cannot be cancelled.",
    );
  });

  it("puts failed deliveries back in the queue after asking, audited with the web channel", async () => {
    // sato links a chat account, so the broadcast has someone to deliver to.
    await linkedSession(kyodo, "sato");
    const broadcast = await sendToAll("再送するお知らせ", "");
    await sendBroadcast(kyodo.db, kyodo.trackers, broadcast.id, clock.now);
    const deliveries = await kyodo.db.delivery.findMany({ where: { broadcastId: broadcast.id } });
    expect(deliveries.length).toBeGreaterThan(0);
    await kyodo.db.delivery.updateMany({ where: { broadcastId: broadcast.id }, data: { state: "failed", lastError: "channel_not_found" } });
    const short = broadcast.id.slice(-6);
    const page = await browser.page(`/console/broadcasts/${short}`);
    expect(page.html).toContain("channel_not_found");
    const csrf = await browser.csrf(`/console/broadcasts/${short}`);
    const asked = await browser.post(`/console/broadcasts/${short}/retry`, { _csrf: csrf });
    expect(asked.status).toBe(200);
    expect(await kyodo.db.delivery.count({ where: { broadcastId: broadcast.id, state: "failed" } })).toBe(deliveries.length);
    const retried = await browser.post(`/console/broadcasts/${short}/retry`, { _csrf: csrf, confirm: "yes" });
    expect(retried.status).toBe(303);
    expect(await kyodo.db.delivery.count({ where: { broadcastId: broadcast.id, state: "queued" } })).toBe(deliveries.length);
    expect(await lastAuditEntry(kyodo, "broadcasts.retry")).toMatchObject({ actor: `person:${yamadaId}`, payload: { channel: "web" } });
  });

  it("refuses a member both, and either without the CSRF token", async () => {
    const broadcast = await sendToAll("事務局だけが取り消せるお知らせ", "2026-11-30 09:00");
    const member = await Browser.signIn(kyodo, "sato", clock.now);
    const csrf = await member.csrf("/console/");
    const short = broadcast.id.slice(-6);
    expect((await member.post(`/console/broadcasts/${short}/cancel`, { _csrf: csrf, confirm: "yes" })).status).toBe(403);
    expect((await member.post(`/console/broadcasts/${short}/retry`, { _csrf: csrf, confirm: "yes" })).status).toBe(403);
    expect((await browser.post(`/console/broadcasts/${short}/cancel`, { confirm: "yes" })).status).toBe(403);
    expect((await browser.post(`/console/broadcasts/${short}/retry`, { confirm: "yes" })).status).toBe(403);
    expect((await kyodo.db.broadcast.findUniqueOrThrow({ where: { id: broadcast.id } })).state).toBe("scheduled");
  });
});

describe("in English", () => {
  it("shows the pages in the person's language and names problems in English first", async () => {
    await kyodo.db.person.update({ where: { id: yamadaId }, data: { locale: "en" } });
    try {
      const { html } = await browser.page("/console/broadcasts");
      expect(html).toContain('<html lang="en">');
      expect(html).toContain("New broadcast");
      const csrf = await browser.csrf("/console/broadcasts");
      const response = await browser.post("/console/broadcasts/preview", { _csrf: csrf, audience: "all", text: "" });
      expect(response.status).toBe(422);
      expect(await response.text()).toContain("The message is empty. / 本文が空です。");
      const imports = await browser.page("/console/imports");
      expect(imports.html).toContain("What to import");
    } finally {
      await kyodo.db.person.update({ where: { id: yamadaId }, data: { locale: "ja" } });
    }
  });
});

// Broadcasts from the web console against the real HTTP server: the secretariat writes one, previews exactly who
// gets it and who cannot be reached, and sends it through createBroadcast (the use case chat and the CLI run),
// audited with the web channel; past broadcasts are listed with their delivery status. A member is refused, a
// form without the session's CSRF token changes nothing, and bad input is named in both languages.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findPerson } from "../../src/domain/people/find-person.ts";
import type { TestKyodo } from "../support/test-kyodo.ts";
import { Browser, startWebKyodo, type Clock } from "./support.ts";

let kyodo: TestKyodo;
let clock: Clock;
let browser: Browser;
let yamadaId: string;

beforeAll(async () => {
  ({ kyodo, clock } = await startWebKyodo());
  browser = await Browser.signIn(kyodo, "yamada", clock.now);
  yamadaId = (await findPerson(kyodo.db, kyodo.council.id, "yamada")).id;
});
afterAll(async () => {
  await kyodo.dispose();
});

async function lastEntry(action: string) {
  const entry = await kyodo.db.auditEntry.findFirst({ where: { action }, orderBy: { seq: "desc" } });
  return entry ? { ...entry, payload: JSON.parse(entry.payload) as Record<string, unknown> } : undefined;
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
    expect(await lastEntry("broadcasts.create")).toMatchObject({ actor: `person:${yamadaId}`, payload: { channel: "web" } });
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

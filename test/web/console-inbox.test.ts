import { randomUUID } from "node:crypto";
// Parked chat events from the web console: an event Kyodo accepted but could not process after every attempt is
// listed with its last error (a damaged one too, naming its row), and the secretariat puts it back in line after a
// confirmation, audited with the web channel. A member is refused, and so is a form without the CSRF token.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findPerson } from "../../src/domain/people/find-person.ts";
import { inboxDbOf } from "../../src/storage/database.ts";
import type { TestKyodo } from "../support/test-kyodo.ts";
import { Browser, startWebKyodo, type Clock, lastAuditEntry } from "./support.ts";

let kyodo: TestKyodo;
let clock: Clock;
let browser: Browser;
let parkedId: string;
let damagedId: string;

beforeAll(async () => {
  ({ kyodo, clock } = await startWebKyodo());
  browser = await Browser.signIn(kyodo, "yamada", clock.now);
  const event = { kind: "text", text: "賛成", user: { externalId: "U-parked" } };
  const failed = {
    platform: "test",
    status: "failed",
    attempts: 5,
    lastError: "Error: boom\n    at work (engine.ts:1)\nSQLITE_BUSY: database is locked",
  };
  // Accepted rows get a UUID from the inbox's group commit (src/engine/inbox-writer.ts), hyphens included.
  const accepted = { id: randomUUID(), dedupeKey: "test:parked", event: JSON.stringify(event) };
  parkedId = (await inboxDbOf(kyodo.db).inboxEvent.create({ data: { ...failed, ...accepted } })).id;
  damagedId = (await inboxDbOf(kyodo.db).inboxEvent.create({ data: { ...failed, dedupeKey: "test:damaged", event: '{"kind":' } })).id;
});
afterAll(async () => {
  await kyodo.dispose();
});

describe("parked events", () => {
  it("are listed with their last error, a damaged one naming its row", async () => {
    const { status, html } = await browser.page("/console/inbox");
    expect(status).toBe(200);
    expect(html).toContain("U-parked");
    expect(html).toContain("SQLITE_BUSY: database is locked");
    expect(html).toContain(`InboxEvent ${damagedId}`.slice(0, 40));
    expect(html).toContain(`action="/console/inbox/${parkedId}/retry"`);
  });

  it("go back in line only after confirmation, audited with the web channel", async () => {
    const csrf = await browser.csrf("/console/inbox");
    const ask = await browser.post(`/console/inbox/${parkedId}/retry`, { _csrf: csrf });
    expect(await ask.text()).toContain("もう一度処理しますか。");
    expect(await inboxDbOf(kyodo.db).inboxEvent.findUniqueOrThrow({ where: { id: parkedId } })).toMatchObject({
      status: "failed",
      attempts: 5,
    });
    const done = await browser.post(`/console/inbox/${parkedId}/retry`, { _csrf: csrf, confirm: "yes" });
    expect(done.headers.get("location")).toBe("/console/inbox?done=inboxRetried");
    // Put back with its attempts reset (the running Kyodo may already be working on it).
    expect((await inboxDbOf(kyodo.db).inboxEvent.findUniqueOrThrow({ where: { id: parkedId } })).attempts).toBeLessThan(5);
    const yamada = await findPerson(kyodo.db, kyodo.council.id, "yamada");
    expect(await lastAuditEntry(kyodo, "inbox.retry")).toMatchObject({
      actor: `person:${yamada.id}`,
      subject: `inbox:${parkedId}`,
      payload: { channel: "web" },
    });
    const again = await browser.post(`/console/inbox/${damagedId.slice(0, 3)}/retry`, { _csrf: csrf, confirm: "yes" });
    expect(again.status).toBe(400);
  });

  it("are refused to a member, and to a form without the CSRF token", async () => {
    const member = await Browser.signIn(kyodo, "sato", clock.now);
    expect((await member.page("/console/inbox")).status).toBe(403);
    const csrf = await member.csrf("/console/");
    expect((await member.post(`/console/inbox/${damagedId}/retry`, { _csrf: csrf, confirm: "yes" })).status).toBe(403);
    expect((await browser.post(`/console/inbox/${damagedId}/retry`, { confirm: "yes" })).status).toBe(403);
    expect(await inboxDbOf(kyodo.db).inboxEvent.findUniqueOrThrow({ where: { id: damagedId } })).toMatchObject({
      status: "failed",
      attempts: 5,
    });
  });
});

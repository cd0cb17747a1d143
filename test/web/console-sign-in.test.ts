// Reaching the web console safely (issue #20): a one-time link from chat or the CLI, valid ten minutes, that only
// the press of its button spends; a session cookie that scripts cannot read, other sites do not send, and that is
// Secure behind TLS; sessions that end after eight idle hours or at sign-out; every form refused without the
// session's CSRF token; and pages refused to people without the role — all against the real HTTP server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findPerson } from "../../src/domain/people/find-person.ts";
import { ConsoleSession } from "../support/console-session.ts";
import { runCli } from "../support/run-command.ts";
import type { TestKyodo } from "../support/test-kyodo.ts";
import { linkedSession } from "../surveys/support/surveys.ts";
import { Browser, linkTokenFor, redeem, sessionCookie, startWebKyodo, type Clock } from "./support.ts";

let kyodo: TestKyodo;
let clock: Clock;

beforeAll(async () => {
  ({ kyodo, clock } = await startWebKyodo());
});
afterAll(async () => {
  await kyodo.dispose();
});

const minutes = (n: number) => new Date(clock.now.getTime() + n * 60_000);

describe("the sign-in link", () => {
  it("comes from /kyodo web for the secretariat, signs in once, and is refused the second time", async () => {
    const chat: ConsoleSession = await linkedSession(kyodo, "yamada");
    const reply = await chat.say("web");
    const url = /https?:\/\/\S+\/console\/sign-in\?token=[\w-]+/.exec(reply)?.[0];
    expect(url, reply).toBeDefined();
    expect(reply).toContain("10分間");
    // Opening the link only shows the button: a link preview that fetches it does not spend it.
    const opened = await fetch(url!);
    expect(opened.status).toBe(200);
    expect(await opened.text()).toContain('action="/console/sign-in"');
    const token = new URL(url!).searchParams.get("token")!;
    const first = await redeem(kyodo, token);
    expect(first.status).toBe(303);
    expect(first.headers.get("location")).toBe("/console/");
    const second = await redeem(kyodo, token);
    expect(second.status).toBe(400);
    expect(second.headers.getSetCookie()).toEqual([]);
    expect(await second.text()).toContain("使用済みか期限切れ");
    const yamada = await findPerson(kyodo.db, kyodo.council.id, "yamada");
    const signIns = await kyodo.db.auditEntry.findMany({ where: { action: "console.signIn", actor: `person:${yamada.id}` } });
    expect(signIns).toHaveLength(1);
    expect(JSON.parse(signIns[0]!.payload)).toMatchObject({ channel: "web" });
  });

  it("is not given to a member without the secretariat role", async () => {
    const chat = await linkedSession(kyodo, "sato");
    const reply = await chat.say("web");
    expect(reply).not.toMatch(/sign-in\?token=/);
    expect(reply).toContain("権限がありません");
  });

  it("is printed by `kyodo web link <person>`", async () => {
    const result = await runCli(["web", "link", "yamada"], { DATABASE_URL: kyodo.databaseUrl, LOG_LEVEL: "silent" });
    expect(result.code ?? 0, result.stderr).toBe(0);
    const token = /sign-in\?token=([\w-]+)/.exec(result.stdout)?.[1];
    expect(token, result.stdout).toBeDefined();
    expect((await redeem(kyodo, token!)).status).toBe(303);
  });

  it("expires after ten minutes", async () => {
    const token = await linkTokenFor(kyodo, "yamada", clock.now);
    const saved = clock.now;
    clock.now = minutes(10.5);
    try {
      expect((await redeem(kyodo, token)).status).toBe(400);
    } finally {
      clock.now = saved;
    }
  });

  it("refuses made-up tokens", async () => {
    expect((await redeem(kyodo, "x".repeat(43))).status).toBe(400);
    expect((await redeem(kyodo, "")).status).toBe(400);
  });
});

describe("the session", () => {
  it("sets an HttpOnly, SameSite=Lax cookie scoped to /console/, Secure only behind TLS", async () => {
    const plain = await redeem(kyodo, await linkTokenFor(kyodo, "yamada", clock.now));
    const cookie = plain.headers.getSetCookie()[0]!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\/console\//);
    expect(cookie).not.toMatch(/Secure/);
    const proxied = await redeem(kyodo, await linkTokenFor(kyodo, "yamada", clock.now), { "x-forwarded-proto": "https" });
    expect(proxied.headers.getSetCookie()[0]).toMatch(/; Secure/);
  });

  it("stores only a hash of the session token", async () => {
    const cookie = sessionCookie(await redeem(kyodo, await linkTokenFor(kyodo, "yamada", clock.now)));
    const token = cookie.split("=")[1]!;
    const sessions = await kyodo.db.consoleSession.findMany();
    expect(sessions.length).toBeGreaterThan(0);
    expect(sessions.some((s) => s.tokenHash.includes(token))).toBe(false);
  });

  it("ends after eight idle hours, and not before", async () => {
    const browser = await Browser.signIn(kyodo, "yamada", clock.now);
    const saved = clock.now;
    try {
      clock.now = minutes(7 * 60 + 50);
      expect((await browser.page("/console/")).status).toBe(200);
      // Seen at 7:50, so idle until 15:51 is more than eight hours.
      clock.now = minutes(7 * 60 + 50 + 8 * 60 + 1);
      const late = await browser.page("/console/");
      expect(late.status).toBe(401);
      expect(late.html).toContain("/kyodo web");
    } finally {
      clock.now = saved;
    }
  });

  it("ends at sign-out", async () => {
    const browser = await Browser.signIn(kyodo, "yamada", clock.now);
    const csrf = await browser.csrf();
    const out = await browser.post("/console/sign-out", { _csrf: csrf });
    expect(out.status).toBe(200);
    expect(out.headers.getSetCookie()[0]).toMatch(/Max-Age=0/);
    expect((await browser.page("/console/")).status).toBe(401);
  });

  it("is required for every page", async () => {
    const response = await fetch(`${kyodo.baseUrl}/console/`);
    expect(response.status).toBe(401);
    expect(
      (await fetch(`${kyodo.baseUrl}/console/audit`, { headers: { cookie: "kyodo_console=forged-token-aaaaaaaaaaaaaaaaaa" } })).status,
    ).toBe(401);
  });
});

describe("forms and roles", () => {
  it("refuses a form without the session's CSRF token, and changes nothing", async () => {
    const browser = await Browser.signIn(kyodo, "yamada", clock.now);
    const before = await kyodo.db.auditEntry.count();
    const refused = await browser.post("/console/sign-out", {});
    expect(refused.status).toBe(403);
    const forged = await browser.post("/console/sign-out", { _csrf: "A".repeat(43) });
    expect(forged.status).toBe(403);
    expect(await kyodo.db.auditEntry.count()).toBe(before);
    expect((await browser.page("/console/")).status).toBe(200);
  });

  it("shows a member only their own bodies' tasks and refuses the secretariat's pages", async () => {
    const browser = await Browser.signIn(kyodo, "sato", clock.now);
    const home = await browser.page("/console/");
    expect(home.status).toBe(200);
    expect(home.html).not.toContain("連絡が届かない人");
    expect(home.html).not.toContain("/console/audit");
    for (const path of ["/console/audit", "/console/ballots/new", "/console/surveys/1", "/console/ballots/1"])
      expect((await browser.page(path)).status, path).toBe(403);
    const csrf = await browser.csrf();
    const before = await kyodo.db.auditEntry.count();
    expect((await browser.post("/console/ballots/new", { _csrf: csrf, yaml: "title: x" })).status).toBe(403);
    expect(await kyodo.db.auditEntry.count()).toBe(before);
  });
});

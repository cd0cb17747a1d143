// The console's pages and actions against the real HTTP server: home at a glance, a survey's progress, results,
// matrix and downloads, a ballot's turnout, tally and per-seat record, extending and closing, reminding now, and
// creating a ballot from YAML with the CLI's line-numbered problems, preview and confirmation. Each change runs the
// domain use case and its audit entry names the web console as the channel.
import { readFileSync } from "node:fs";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInquiry } from "../../src/domain/inquiries/create-inquiry.ts";
import { findPerson } from "../../src/domain/people/find-person.ts";
import { createExampleBallot, EXAMPLE as BALLOT_EXAMPLE, jst } from "../motions/support.ts";
import type { TestKyodo } from "../support/test-kyodo.ts";
import { createFromYaml, EXAMPLE as SURVEY_EXAMPLE } from "../surveys/support/surveys.ts";
import { Browser, startWebKyodo, type Clock, lastAuditEntry } from "./support.ts";

let kyodo: TestKyodo;
let clock: Clock;
let browser: Browser;
let yamadaId: string;

beforeAll(async () => {
  ({ kyodo, clock } = await startWebKyodo());
  await createFromYaml(kyodo, clock.now);
  await createExampleBallot(kyodo, clock.now);
  browser = await Browser.signIn(kyodo, "yamada", clock.now);
  yamadaId = (await findPerson(kyodo.db, kyodo.council.id, "yamada")).id;
});
afterAll(async () => {
  await kyodo.dispose();
});

describe("home", () => {
  it("lists the open survey and ballot with their progress", async () => {
    const { status, html } = await browser.page("/console/");
    expect(status).toBe(200);
    expect(html).toContain('href="/console/surveys/1"');
    expect(html).toContain('href="/console/ballots/1"');
    expect(html).toMatch(/<progress max="\d+" value="0">/);
    expect(html).toContain("連絡が届かない人");
  });
});

describe("a member's home", () => {
  it("lists only the member's own bodies' survey rows and seats", async () => {
    const member = await Browser.signIn(kyodo, "sato", clock.now);
    const { status, html } = await member.page("/console/");
    expect(status).toBe(200);
    expect(html).toContain("千葉市");
    expect(html).toContain("未回答");
    expect(html).not.toContain("銚子市");
    expect(html).not.toContain('href="/console/surveys/1"');
  });
});

describe("a survey", () => {
  it("shows progress by body with the staff to chase, results with a chart, and the matrix", async () => {
    const { status, html } = await browser.page("/console/surveys/1");
    expect(status).toBe(200);
    expect(html).toContain("団体別の回答状況");
    expect(html).toContain("未着手");
    expect(html).toContain("<svg");
    expect(html).toContain('href="/console/surveys/1/download?format=xlsx"');
  });

  it("downloads CSV in UTF-8 with a BOM and in Shift_JIS, and XLSX", async () => {
    const utf8 = await browser.get("/console/surveys/1/download?format=csv&encoding=utf8");
    expect(utf8.headers.get("content-type")).toMatch(/text\/csv; charset=utf-8/);
    expect(utf8.headers.get("content-disposition")).toMatch(/attachment; filename="survey-1-utf8.csv"/);
    const bytes = Buffer.from(await utf8.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString("utf8")).toContain("千葉市");
    const sjis = await browser.get("/console/surveys/1/download?format=csv&encoding=sjis");
    expect(iconv.decode(Buffer.from(await sjis.arrayBuffer()), "cp932")).toContain("千葉市");
    const xlsx = await browser.get("/console/surveys/1/download?format=xlsx");
    expect(
      Buffer.from(await xlsx.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe("PK");
  });

  it("extends the deadline through the domain, audited with the web channel", async () => {
    const csrf = await browser.csrf("/console/surveys/1");
    const response = await browser.post("/console/surveys/1/extend", { _csrf: csrf, due: "2026-12-18T17:00" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/console/surveys/1?done=extended");
    const survey = await kyodo.db.survey.findFirstOrThrow({ where: { number: 1 } });
    expect(survey.dueAt).toEqual(jst("2026-12-18T17:00:00"));
    const entry = await lastAuditEntry(kyodo, "surveys.extend");
    expect(entry).toMatchObject({ actor: `person:${yamadaId}`, payload: { channel: "web" } });
    expect((await browser.page("/console/surveys/1?done=extended")).html).toContain("期限を変更しました");
  });

  it("says plainly when the date cannot be read, and changes nothing", async () => {
    const csrf = await browser.csrf("/console/surveys/1");
    const response = await browser.post("/console/surveys/1/extend", { _csrf: csrf, due: "いつか" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("日時を読み取れませんでした");
  });

  it("sends a reminder now to the bodies that have not answered", async () => {
    const csrf = await browser.csrf("/console/surveys/1");
    const response = await browser.post("/console/surveys/1/remind", { _csrf: csrf });
    expect(response.status).toBe(303);
    const entry = await lastAuditEntry(kyodo, "reminders.sendNow");
    expect(entry?.payload).toMatchObject({ channel: "web" });
    expect(entry?.payload.bodies).toBeGreaterThan(0);
  });
});

describe("a ballot", () => {
  it("shows turnout, the provisional tally against the rules and the per-seat record", async () => {
    const { status, html } = await browser.page("/console/ballots/1");
    expect(status).toBe(200);
    expect(html).toContain("現時点の集計（暫定）");
    expect(html).toContain("席ごとの投票記録");
    expect(html).toContain("議決の規則");
  });

  it("downloads the per-seat record", async () => {
    const csv = await browser.get("/console/ballots/1/download?format=csv&encoding=utf8");
    expect(csv.status).toBe(200);
    expect(Buffer.from(await csv.arrayBuffer()).toString("utf8")).toContain("千葉市");
  });

  it("extends and closes, each audited with the web channel", async () => {
    let csrf = await browser.csrf("/console/ballots/1");
    expect((await browser.post("/console/ballots/1/extend", { _csrf: csrf, deadline: "2026-12-28 17:00" })).status).toBe(303);
    expect((await kyodo.db.ballot.findFirstOrThrow({ where: { number: 1 } })).deadline).toEqual(jst("2026-12-28T17:00:00"));
    expect(await lastAuditEntry(kyodo, "motions.ballot.deadline")).toMatchObject({ payload: { channel: "web" } });
    csrf = await browser.csrf("/console/ballots/1");
    // The first press only asks, saying how many seats have not voted.
    const asked = await browser.post("/console/ballots/1/close", { _csrf: csrf });
    expect(asked.status).toBe(200);
    expect(await asked.text()).toMatch(/56席のうち\d+席がまだ表決を終えていません/);
    expect((await kyodo.db.ballot.findFirstOrThrow({ where: { number: 1 } })).closedAt).toBeNull();
    expect((await browser.post("/console/ballots/1/close", { _csrf: csrf, confirm: "yes" })).status).toBe(303);
    expect((await kyodo.db.ballot.findFirstOrThrow({ where: { number: 1 } })).closedReason).toBe("secretariat");
    expect(await lastAuditEntry(kyodo, "motions.ballot.close")).toMatchObject({ actor: `person:${yamadaId}`, payload: { channel: "web" } });
  });
});

describe("creating a ballot from YAML", () => {
  it("offers the form to load or paste the YAML", async () => {
    const { status, html } = await browser.page("/console/ballots/new");
    expect(status).toBe(200);
    expect(html).toContain('<textarea id="ballot-yaml" name="yaml"');
    expect(html).toContain('<label for="ballot-file">');
  });

  it("names each problem with its line, as the CLI does, and writes nothing", async () => {
    const csrf = await browser.csrf("/console/ballots/new");
    const before = await kyodo.db.ballot.count();
    const bad = "title: 臨時総会\norgan: no-such-organ\ndeadline: 2026-12-20 17:00\nmotions:\n  - title: ''\n";
    const response = await browser.post("/console/ballots/new", { _csrf: csrf, yaml: bad });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toMatch(/ballot\.yaml:\d+/);
    expect(html).toContain("臨時総会");
    const syntax = await browser.post("/console/ballots/new", { _csrf: csrf, yaml: "title: [\n" });
    expect(syntax.status).toBe(422);
    expect(await kyodo.db.ballot.count()).toBe(before);
  });

  it("previews who gets it, then creates it on confirmation", async () => {
    const yaml = readFileSync(BALLOT_EXAMPLE, "utf8");
    const csrf = await browser.csrf("/console/ballots/new");
    const preview = await browser.post("/console/ballots/new", { _csrf: csrf, yaml });
    expect(preview.status).toBe(200);
    const html = await preview.text();
    expect(html).toContain("作成内容の確認");
    expect(html).toContain("通知が届く範囲");
    const before = await kyodo.db.ballot.count();
    const created = await browser.post("/console/ballots/create", { _csrf: csrf, yaml });
    expect(created.status).toBe(303);
    expect(await kyodo.db.ballot.count()).toBe(before + 1);
    expect(created.headers.get("location")).toMatch(/^\/console\/ballots\/\d+\?done=created$/);
    expect(await lastAuditEntry(kyodo, "motions.ballot.create")).toMatchObject({
      actor: `person:${yamadaId}`,
      payload: { channel: "web" },
    });
  });
});

describe("creating a survey from YAML", () => {
  it("names problems with their line, then previews and creates on confirmation", async () => {
    const csrf = await browser.csrf("/console/surveys/new");
    const bad = await browser.post("/console/surveys/new", { _csrf: csrf, yaml: "title: 調査\naudience: all\nquestions: []\n" });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toMatch(/survey\.yaml(:\d+)? /);
    const yaml = readFileSync(SURVEY_EXAMPLE, "utf8");
    const preview = await browser.post("/console/surveys/new", { _csrf: csrf, yaml });
    expect(preview.status).toBe(200);
    expect(await preview.text()).toContain("通知が届く範囲");
    const before = await kyodo.db.survey.count();
    const created = await browser.post("/console/surveys/create", { _csrf: csrf, yaml });
    expect(created.status).toBe(303);
    expect(await kyodo.db.survey.count()).toBe(before + 1);
    expect(await lastAuditEntry(kyodo, "surveys.create")).toMatchObject({ actor: `person:${yamadaId}`, payload: { channel: "web" } });
  });
});

describe("candidates, usage and money", () => {
  it("show chat's own views, to members as well", async () => {
    for (const path of ["/console/usage", "/console/usage-participation", "/console/money", "/console/candidates"]) {
      const { status, html } = await browser.page(path);
      expect(status, path).toBe(200);
      expect(html, path).toMatch(/<h2>/);
    }
    const member = await Browser.signIn(kyodo, "sato", clock.now);
    expect((await member.page("/console/usage")).status).toBe(200);
    await createInquiry(
      kyodo.db,
      { councilId: kyodo.council.id, title: "システム利用状況の照会", dueAt: jst("2026-12-10T17:00:00"), createdById: yamadaId },
      clock.now,
      "Asia/Tokyo",
    );
    const home = await browser.page("/console/");
    expect(home.html).toContain('href="/console/inquiries/1"');
    const inquiry = await browser.page("/console/inquiries/1");
    expect(inquiry.status).toBe(200);
    expect(inquiry.html).toContain("システム利用状況の照会");
  });

  it("run only the read-only forms of those commands", async () => {
    const before = await kyodo.db.auditEntry.count();
    const unknown = await browser.page("/console/usage/record");
    expect(unknown.status).toBe(400);
    expect((await browser.page("/console/money/shares/1%20estimate")).status).toBe(400);
    expect(await kyodo.db.auditEntry.count()).toBe(before);
  });
});

describe("language", () => {
  it("follows the person's locale", async () => {
    const person = await kyodo.db.person.update({ where: { id: yamadaId }, data: { locale: "en" } });
    try {
      const { html } = await browser.page("/console/");
      expect(html).toContain('<html lang="en">');
      expect(html).toContain("Open surveys");
    } finally {
      await kyodo.db.person.update({ where: { id: person.id }, data: { locale: "ja" } });
    }
  });
});

describe("the audit log", () => {
  it("lists entries filtered by action and verifies the chain", async () => {
    const { status, html } = await browser.page("/console/audit?action=motions.ballot&verify=1");
    expect(status).toBe(200);
    expect(html).toContain("motions.ballot.close");
    expect(html).not.toContain("surveys.extend</td>");
    expect(html).toContain("✓");
  });
});

// CSV uploads in the web console against the real HTTP server: the file goes through the import the CLI runs,
// rehearsed first (nothing written) to show every problem by line in Japanese and English or what it would change,
// then written on confirmation, all or nothing, audited with the web channel. Shift_JIS and UTF-8 with a BOM are
// both read. A member is refused, an upload without the CSRF token changes nothing.
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findPerson } from "../../src/domain/people/find-person.ts";
import { createSurvey } from "../../src/domain/surveys/create-survey.ts";
import { readSurveyDefinition } from "../../src/domain/surveys/read-definition.ts";
import { defineSystem } from "../../src/domain/usage/define-system.ts";
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

const utf8WithBom = (text: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")]);

describe("uploading people", () => {
  const csv = "ハンドル,氏名,団体,メール,役割,言語\nkato.web,加藤 一郎,千葉市,suzuki@example.jp,,日本語\nito.web,伊藤 花子,銚子市,,,en\n";

  it("offers the kinds the CLI imports, with a labelled file field", async () => {
    const { status, html } = await browser.page("/console/imports");
    expect(status).toBe(200);
    expect(html).toContain('enctype="multipart/form-data"');
    expect(html).toContain('<label for="im-file">');
    for (const kind of ["bodies", "people", "seats", "answers", "usage", "statistics"]) expect(html).toContain(`value="${kind}"`);
  });

  it("previews what a Shift_JIS file would change, writing nothing, then imports it on confirmation", async () => {
    const before = await kyodo.db.person.count();
    const entries = await kyodo.db.auditEntry.count();
    const csrf = await browser.csrf("/console/imports");
    const checked = await browser.upload(
      "/console/imports/check",
      { _csrf: csrf, kind: "people" },
      { name: "職員.csv", data: iconv.encode(csv, "Shift_JIS") },
    );
    expect(checked.status).toBe(200);
    const html = await checked.text();
    expect(html).toContain("取り込むと: 新規 2人、更新 0人、変更なし 0人。");
    expect(html).toContain("「職員.csv」はまだ取り込んでいません。");
    expect(await kyodo.db.person.count()).toBe(before);
    expect(await kyodo.db.auditEntry.count()).toBe(entries);
    const data = /name="data" value="([^"]+)"/.exec(html)![1]!;
    const confirmed = await browser.post("/console/imports/confirm", { _csrf: csrf, kind: "people", filename: "職員.csv", data });
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get("location")).toBe("/console/imports?done=imported");
    expect(await kyodo.db.person.count()).toBe(before + 2);
    expect((await findPerson(kyodo.db, kyodo.council.id, "kato.web")).displayName).toBe("加藤 一郎");
    expect(await lastAuditEntry(kyodo, "people.import")).toMatchObject({
      actor: `person:${yamadaId}`,
      payload: { channel: "web", created: 2 },
    });
  });

  it("lists every problem by line in Japanese and English and writes nothing", async () => {
    const before = await kyodo.db.person.count();
    const csrf = await browser.csrf("/console/imports");
    const bad = "handle,name,body\nOK NG,佐々木,千葉市\nwatanabe,渡辺,どこか市\n";
    const response = await browser.upload(
      "/console/imports/check",
      { _csrf: csrf, kind: "people" },
      { name: "people.csv", data: utf8WithBom(bad) },
    );
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain("「people.csv」に直すところが2件あります。何も取り込んでいません。");
    expect(html).toMatch(/<th scope="row">2<\/th>\s*<td[^>]*>ハンドル「ok ng」は使えません/);
    expect(html).toContain("The handle &quot;ok ng&quot; cannot be used");
    expect(html).toMatch(/<th scope="row">3<\/th>\s*<td[^>]*>団体「どこか市」が見つかりません/);
    expect(html).toContain("No body &quot;どこか市&quot;");
    // A confirmation carrying a bad file is checked again and writes nothing either.
    const forced = await browser.post("/console/imports/confirm", {
      _csrf: csrf,
      kind: "people",
      filename: "people.csv",
      data: utf8WithBom(bad).toString("base64"),
    });
    expect(forced.status).toBe(422);
    expect(await kyodo.db.person.count()).toBe(before);
  });

  it("says what is missing when no file or no organ is given", async () => {
    const csrf = await browser.csrf("/console/imports");
    const noFile = await browser.upload("/console/imports/check", { _csrf: csrf, kind: "people" });
    expect(noFile.status).toBe(422);
    expect(await noFile.text()).toContain("CSV ファイルを選んでください。 / Choose a CSV file.");
    const noOrgan = await browser.upload(
      "/console/imports/check",
      { _csrf: csrf, kind: "seats" },
      { name: "seats.csv", data: Buffer.from("body\n千葉市\n") },
    );
    expect(noOrgan.status).toBe(422);
    const html = await noOrgan.text();
    expect(html).toContain("席を取り込む会議体を選んでください。");
    expect(html).toContain("Choose the organ whose seats to import.");
  });
});

describe("a file too large for the console", () => {
  it("is refused with a message that points to the CLI, whether over the console's limit or the body parser's", async () => {
    const csrf = await browser.csrf("/console/imports");
    const header = "handle,name\n";
    const cases: Array<[number, number]> = [
      [5.5, 422],
      [7, 413],
    ];
    for (const [megabytes, status] of cases) {
      const data = Buffer.concat([Buffer.from(header), Buffer.alloc(megabytes * 1024 * 1024, "a")]);
      const response = await browser.upload("/console/imports/check", { _csrf: csrf, kind: "people" }, { name: "big.csv", data });
      expect(response.status, `${megabytes} MB`).toBe(status);
      expect(await response.text(), `${megabytes} MB`).toContain("ファイルが大きすぎます（5MBまで）");
    }
  });
});

describe("usage figures", () => {
  it("imports a Shift_JIS file for the chosen system and period through the CLI's import", async () => {
    await defineSystem(kyodo.db, kyodo.council.id, { slug: "web-test", name: "試験システム" }, "test:operator");
    const csrf = await browser.csrf("/console/imports");
    const csv = iconv.encode("団体,applications\n千葉市,120\n銚子市,30\n", "Shift_JIS");
    const fields = { _csrf: csrf, kind: "usage", system: "web-test", period: "2017-04" };
    const checked = await browser.upload("/console/imports/check", fields, { name: "usage.csv", data: csv });
    expect(checked.status).toBe(200);
    expect(await checked.text()).toContain("取り込むと: 2行、数値 2件を記録します。");
    expect(await kyodo.db.usageFigure.count({ where: { system: { slug: "web-test" } } })).toBe(0);
    const confirmed = await browser.post("/console/imports/confirm", { ...fields, filename: "usage.csv", data: csv.toString("base64") });
    expect(confirmed.status).toBe(303);
    expect(await kyodo.db.usageFigure.count({ where: { system: { slug: "web-test" } } })).toBe(2);
    expect(await lastAuditEntry(kyodo, "usage.import")).toMatchObject({ actor: `person:${yamadaId}`, payload: { channel: "web" } });
  });
});

describe("seats on an organ", () => {
  it("previews new, updated and unchanged seats for the chosen organ, then imports them", async () => {
    const organ = await kyodo.db.organ.findFirstOrThrow({ where: { councilId: kyodo.council.id } });
    const csrf = await browser.csrf("/console/imports");
    const fields = { _csrf: csrf, kind: "seats", organ: organ.id };
    const csv = utf8WithBom("団体,代表者,役割\n千葉市,,\n");
    const checked = await browser.upload("/console/imports/check", fields, { name: "seats.csv", data: csv });
    expect(checked.status).toBe(200);
    expect(await checked.text()).toMatch(new RegExp(`取り込むと（${organ.name}）: 新規 \\d+席、更新 \\d+席、変更なし \\d+席。`));
    const confirmed = await browser.post("/console/imports/confirm", { ...fields, filename: "seats.csv", data: csv.toString("base64") });
    expect(confirmed.status).toBe(303);
    expect(await lastAuditEntry(kyodo, "organs.seats.import")).toMatchObject({ actor: `person:${yamadaId}`, payload: { channel: "web" } });
  });
});

describe("survey answers returned on paper", () => {
  it("are checked cell by cell as chat reads them, then recorded for the chosen survey", async () => {
    const yaml = [
      "title: 紙回答の調査",
      "audience: all",
      "dueAt: 2026-12-25",
      "questions:",
      "  - { id: join, kind: yesno, text: 参加しますか。 }",
      "  - { id: start, kind: date, text: 開始日, required: false }",
    ].join("\n");
    const { definition, source } = readSurveyDefinition(yaml, "paper.yaml", "Asia/Tokyo", clock.now);
    const { survey } = await createSurvey(
      kyodo.db,
      { councilId: kyodo.council.id, definition, createdBy: `person:${yamadaId}`, source },
      clock.now,
      "Asia/Tokyo",
    );
    const csrf = await browser.csrf("/console/imports");
    const fields = { _csrf: csrf, kind: "answers", survey: survey.id };
    const bad = await browser.upload("/console/imports/check", fields, {
      name: "answers.csv",
      data: Buffer.from("団体,問1\n千葉市,たぶん\n"),
    });
    expect(bad.status).toBe(422);
    const problems = await bad.text();
    expect(problems).toMatch(/<th scope="row">2<\/th>\s*<td[^>]*>問1「たぶん」/);
    expect(problems).toContain("Q1 &quot;たぶん&quot;");
    const csv = iconv.encode("団体,問1,問2\n千葉市,はい,令和9年4月1日\n銚子市,いいえ,\n", "Shift_JIS");
    const checked = await browser.upload("/console/imports/check", fields, { name: "answers.csv", data: csv });
    expect(checked.status).toBe(200);
    expect(await checked.text()).toContain("2団体の回答を記録します");
    expect(await kyodo.db.surveySubmission.count({ where: { surveyId: survey.id } })).toBe(0);
    const confirmed = await browser.post("/console/imports/confirm", { ...fields, filename: "answers.csv", data: csv.toString("base64") });
    expect(confirmed.status).toBe(303);
    expect(await kyodo.db.surveySubmission.count({ where: { surveyId: survey.id, via: "paper", current: true } })).toBe(2);
    expect(await lastAuditEntry(kyodo, "surveys.submit.import")).toMatchObject({
      actor: `person:${yamadaId}`,
      payload: { channel: "web" },
    });
  });
});

describe("statistics", () => {
  it("keeps the upload all or nothing even where the CLI writes the valid rows", async () => {
    const csrf = await browser.csrf("/console/imports");
    const csv = "body,kind,fiscalYear,value\n千葉市,人口,2017,970000\n銚子市,人口,平成29,abc\n";
    const before = await kyodo.db.bodyStatistic.count();
    const response = await browser.upload(
      "/console/imports/check",
      { _csrf: csrf, kind: "statistics" },
      { name: "stats.csv", data: Buffer.from(csv) },
    );
    expect(response.status).toBe(422);
    expect(await response.text()).toMatch(/<th scope="row">3<\/th>/);
    expect(await kyodo.db.bodyStatistic.count()).toBe(before);
  });
});

describe("enrolment codes", () => {
  it("says how many people get one, then issues them as a Shift_JIS CSV download, audited with the web channel", async () => {
    const organ = await kyodo.db.organ.findFirstOrThrow({ where: { councilId: kyodo.council.id, seats: { some: {} } } });
    const csrf = await browser.csrf("/console/codes");
    const bad = await browser.post("/console/codes", { _csrf: csrf, organ: "", hours: "0" });
    expect(bad.status).toBe(422);
    const problems = await bad.text();
    expect(problems).toContain("席を取り込む会議体を選んでください。");
    expect(problems).toContain("Validity &quot;0&quot; must be a number of hours from 1 to 2160.");
    const fields = { _csrf: csrf, organ: organ.id, hours: "48", includeLinked: "yes", encoding: "sjis" };
    const asked = await browser.post("/console/codes", fields);
    expect(asked.status).toBe(200);
    const question = await asked.text();
    const count = Number(/の(\d+)人に登録コードを発行します/.exec(question)?.[1]);
    expect(count).toBeGreaterThan(0);
    expect(await kyodo.db.enrolmentCode.count()).toBe(0);
    const issued = await browser.post("/console/codes/issue", fields);
    expect(issued.status).toBe(200);
    expect(issued.headers.get("content-type")).toMatch(/text\/csv; charset=Shift_JIS/);
    const csv = iconv.decode(Buffer.from(await issued.arrayBuffer()), "cp932");
    expect(csv.split("\r\n").filter((line) => line.trim() !== "")).toHaveLength(count + 1);
    expect(await kyodo.db.enrolmentCode.count()).toBe(count);
    expect(await lastAuditEntry(kyodo, "identities.codes.issue")).toMatchObject({
      actor: `person:${yamadaId}`,
      payload: { channel: "web" },
    });
  });
});

describe("who may upload", () => {
  it("refuses a member and an upload without the CSRF token, writing nothing", async () => {
    const before = await kyodo.db.person.count();
    const member = await Browser.signIn(kyodo, "sato", clock.now);
    expect((await member.page("/console/imports")).status).toBe(403);
    const memberCsrf = await member.csrf("/console/");
    const file = { name: "p.csv", data: Buffer.from("handle,name\nintruder,侵入者\n") };
    expect((await member.upload("/console/imports/check", { _csrf: memberCsrf, kind: "people" }, file)).status).toBe(403);
    const data = file.data.toString("base64");
    expect((await member.post("/console/imports/confirm", { _csrf: memberCsrf, kind: "people", filename: "p.csv", data })).status).toBe(
      403,
    );
    expect((await browser.upload("/console/imports/check", { kind: "people" }, file)).status).toBe(403);
    expect((await browser.post("/console/imports/confirm", { kind: "people", filename: "p.csv", data })).status).toBe(403);
    // Multipart bodies are read only where a file comes; elsewhere they carry no fields, so no CSRF token either.
    const csrf = await browser.csrf("/console/");
    expect((await browser.upload("/console/broadcasts/send", { _csrf: csrf, audience: "all", text: "添付つき" }, file)).status).toBe(403);
    expect(await kyodo.db.broadcast.count()).toBe(0);
    expect(await kyodo.db.person.count()).toBe(before);
    expect((await member.page("/console/codes")).status).toBe(403);
    expect((await member.post("/console/codes/issue", { _csrf: memberCsrf, organ: "x", hours: "72" })).status).toBe(403);
    const organ = await kyodo.db.organ.findFirstOrThrow({ where: { councilId: kyodo.council.id } });
    const codes = await kyodo.db.enrolmentCode.count();
    expect((await browser.post("/console/codes/issue", { organ: organ.id, hours: "72", includeLinked: "yes" })).status).toBe(403);
    expect(await kyodo.db.enrolmentCode.count()).toBe(codes);
  });
});

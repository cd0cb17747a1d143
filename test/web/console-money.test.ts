// Cost shares and settlements from the web console against the real HTTP server, with the CLI's spec files: the
// share is computed without writing and previewed body by body with its sum checked against the total to the yen,
// then saved by the same use case; a settlement likewise with its refunds. Both audited with the web channel. A
// member is refused, a form without the CSRF token changes nothing, and a bad spec is named in both languages.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestKyodo } from "../support/test-kyodo.ts";
import { Browser, type Clock, lastAuditEntry, startSignedInConsole } from "./support.ts";

const demo = (file: string) => readFileSync(new URL(`../../src/demo/usage-money/${file}`, import.meta.url), "utf8");
const SHARE = demo("chiba-fy2017-share-2-company-data.yaml").replace(/^title: .*$/m, "title: 令和8年度 企業情報使用料");
const SETTLEMENT = demo("chiba-fy2017-e-procurement-settlement.yaml");

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

describe("a cost share", () => {
  it("is reached from the money page", async () => {
    const { html } = await browser.page("/console/money");
    expect(html).toContain('href="/console/money/shares/new"');
    expect(html).toContain('href="/console/money/settlements/new"');
    const form = await browser.page("/console/money/shares/new");
    expect(form.status).toBe(200);
    expect(form.html).toContain('<label for="share-yaml">');
  });

  it("previews each body's amount adding up to the yen, writing nothing, then saves it on confirmation", async () => {
    const before = await kyodo.db.costShare.count();
    const csrf = await browser.csrf("/console/money/shares/new");
    const preview = await browser.post("/console/money/shares/new", { _csrf: csrf, yaml: SHARE });
    expect(preview.status).toBe(200);
    const html = await preview.text();
    expect(html).toMatch(/46団体の負担額の合計 \S*2,025,000\S* は総額 \S*2,025,000\S* と1円単位で一致します。/);
    expect(html).toContain("千葉市");
    expect(html).toContain("令和8年度 企業情報使用料（保存前）");
    expect(html).not.toContain("按分0");
    expect(html).toContain('action="/console/money/shares/create"');
    expect(await kyodo.db.costShare.count()).toBe(before);
    const saved = await browser.post("/console/money/shares/create", { _csrf: csrf, yaml: SHARE });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toBe(`/console/money/shares/${before + 1}?done=shareSaved`);
    const share = await kyodo.db.costShare.findFirstOrThrow({ where: { title: "令和8年度 企業情報使用料" }, include: { lines: true } });
    expect(share.lines).toHaveLength(46);
    expect(await lastAuditEntry(kyodo, "money.shares.create")).toMatchObject({ actor: `person:${yamadaId}`, payload: { channel: "web" } });
    const shown = await browser.page(saved.headers.get("location")!);
    expect(shown.html).toContain("按分を保存しました。");
  });

  it("names a bad spec in both languages and saves nothing", async () => {
    const before = await kyodo.db.costShare.count();
    const csrf = await browser.csrf("/console/money/shares/new");
    const bad = await browser.post("/console/money/shares/new", { _csrf: csrf, yaml: "title: 試算\nfiscalYear: 令和8年度\n" });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain("指定ファイルの「");
    expect(html).toContain("in the spec file is not right");
    const unreadable = await browser.post("/console/money/shares/create", { _csrf: csrf, yaml: "title: [\n" });
    expect(unreadable.status).toBe(422);
    expect(await unreadable.text()).toContain("Cannot read the spec file");
    const empty = await browser.post("/console/money/shares/new", { _csrf: csrf, yaml: " " });
    expect(await empty.text()).toContain("指定が空です。 / The spec is empty.");
    expect(await kyodo.db.costShare.count()).toBe(before);
  });
});

describe("a settlement", () => {
  it("previews the refunds, then records it on confirmation", async () => {
    const before = await kyodo.db.settlement.count();
    const csrf = await browser.csrf("/console/money/settlements/new");
    const preview = await browser.post("/console/money/settlements/new", { _csrf: csrf, yaml: SETTLEMENT });
    expect(preview.status).toBe(200);
    expect(await preview.text()).toContain("千葉市");
    expect(await kyodo.db.settlement.count()).toBe(before);
    const bad = await browser.post("/console/money/settlements/create", { _csrf: csrf, yaml: "title: 決算\nfiscalYear: 令和8年度\n" });
    expect(bad.status).toBe(422);
    const problems = await bad.text();
    expect(problems).toContain("指定ファイルの「");
    expect(problems).toContain("in the spec file is not right");
    expect(await kyodo.db.settlement.count()).toBe(before);
    const saved = await browser.post("/console/money/settlements/create", { _csrf: csrf, yaml: SETTLEMENT });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toBe(`/console/money/settlements/${before + 1}?done=settlementSaved`);
    expect(await kyodo.db.settlement.count()).toBe(before + 1);
    expect(await lastAuditEntry(kyodo, "money.settlement.create")).toMatchObject({
      actor: `person:${yamadaId}`,
      payload: { channel: "web" },
    });
  });
});

describe("who may record money", () => {
  it("refuses a member and a form without the CSRF token, saving nothing", async () => {
    const shares = await kyodo.db.costShare.count();
    const settlements = await kyodo.db.settlement.count();
    const member = await Browser.signIn(kyodo, "sato", clock.now);
    expect((await member.page("/console/money/shares/new")).status).toBe(403);
    expect((await member.page("/console/money")).html).not.toContain("/console/money/shares/new");
    const csrf = await member.csrf("/console/");
    expect((await member.post("/console/money/shares/create", { _csrf: csrf, yaml: SHARE })).status).toBe(403);
    expect((await member.post("/console/money/settlements/create", { _csrf: csrf, yaml: SETTLEMENT })).status).toBe(403);
    expect((await browser.post("/console/money/shares/create", { yaml: SHARE })).status).toBe(403);
    expect((await browser.post("/console/money/settlements/create", { yaml: SETTLEMENT })).status).toBe(403);
    expect(await kyodo.db.costShare.count()).toBe(shares);
    expect(await kyodo.db.settlement.count()).toBe(settlements);
  });
});

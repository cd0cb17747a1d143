// The console in a real browser (issue #20): headless Chromium (Debian's `chromium`, driven by playwright-core)
// signs in from the link `/kyodo web` gives in chat, opens a survey and downloads its CSV, extends a ballot's
// deadline, and creates a ballot from an uploaded YAML file through preview (who cannot be reached) and confirmation,
// then watches its turnout and downloads its per-seat record, and sends a broadcast to one body from the navigation
// through its preview, opens an inquiry and records a body's answer, and edits a motion and records a recusal, each
// through its confirmation. Skipped, with the reason printed, where Chromium is not installed (CI installs it:
// `apt-get install -y chromium`).
import { existsSync, readFileSync } from "node:fs";
import type { Browser as Chromium, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExampleBallot, EXAMPLE as BALLOT_EXAMPLE, jst } from "../motions/support.ts";
import type { TestKyodo } from "../support/test-kyodo.ts";
import { createFromYaml, linkedSession } from "../surveys/support/surveys.ts";
import { startWebKyodo } from "./support.ts";

const CHROMIUM = process.env.KYODO_CHROMIUM ?? "/usr/bin/chromium";
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const available = existsSync(CHROMIUM);
if (!available) console.log(`web console browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);

describe.skipIf(!available)("the web console in Chromium", () => {
  let kyodo: TestKyodo;
  let chromium: Chromium;
  let page: Page;

  beforeAll(async () => {
    const started = await startWebKyodo();
    kyodo = started.kyodo;
    await createFromYaml(kyodo, started.clock.now);
    await createExampleBallot(kyodo, started.clock.now);
    const { chromium: launcher } = await import("playwright-core");
    chromium = await launcher.launch({ executablePath: CHROMIUM, args: FLAGS });
    page = await (await chromium.newContext({ acceptDownloads: true, locale: "ja-JP" })).newPage();
  }, 60_000);
  afterAll(async () => {
    await chromium?.close();
    await kyodo?.dispose();
  });

  it("signs in from the chat link, opens a survey and downloads its CSV", async () => {
    const reply = await (await linkedSession(kyodo, "yamada")).say("web");
    const url = /https?:\/\/\S+\/console\/sign-in\?token=[\w-]+/.exec(reply)![0];
    await page.goto(url);
    await page.getByRole("button", { name: "サインインする" }).click();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("ホーム");
    await page.getByRole("link", { name: /調査1/ }).click();
    await page.getByRole("heading", { name: "団体別の回答状況" }).waitFor();
    expect(await page.locator("figure.chart svg").count()).toBeGreaterThan(0);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "CSV（UTF-8）" }).click()]);
    expect(download.suggestedFilename()).toBe("survey-1-utf8.csv");
    const file = readFileSync(await download.path());
    expect([...file.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(file.toString("utf8")).toContain("千葉市");
  }, 60_000);

  it("extends a ballot's deadline", async () => {
    await page.goto(`${kyodo.baseUrl}/console/ballots/1`);
    await page.getByLabel("新しい期限").fill("2026-12-28T17:00");
    await page.getByRole("button", { name: "期限を変更" }).click();
    await page.getByRole("status").filter({ hasText: "期限を変更しました" }).waitFor();
    expect((await kyodo.db.ballot.findFirstOrThrow({ where: { number: 1 } })).deadline).toEqual(jst("2026-12-28T17:00:00"));
  }, 60_000);

  it("creates a ballot from an uploaded YAML file after the preview", async () => {
    await page.goto(`${kyodo.baseUrl}/console/ballots/new`);
    await page.getByLabel("定義ファイル（YAML）").setInputFiles({
      name: "ballot.yaml",
      mimeType: "text/yaml",
      buffer: readFileSync(BALLOT_EXAMPLE),
    });
    await expect.poll(() => page.getByLabel("定義（YAML）").inputValue()).toContain("平成29年度第2回総会");
    await page.getByRole("button", { name: "確認する" }).click();
    await page.getByRole("heading", { name: "作成内容の確認" }).waitFor();
    // Who cannot be reached is said before anything is created.
    expect(await page.getByRole("main").textContent()).toContain("届かない人");
    await page.getByRole("button", { name: "この内容で作成する" }).click();
    await page.getByRole("status").filter({ hasText: "表決を作成しました" }).waitFor();
    expect(page.url()).toMatch(/\/console\/ballots\/2\?done=created$/);
    expect(await kyodo.db.ballot.count()).toBe(2);
    // Its turnout, and the per-seat record as a download.
    expect(await page.locator("progress").count()).toBeGreaterThan(1);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Excel（XLSX）" }).click()]);
    expect(download.suggestedFilename()).toBe("ballot-2.xlsx");
    expect(
      readFileSync(await download.path())
        .subarray(0, 2)
        .toString(),
    ).toBe("PK");
  }, 60_000);

  it("sends a broadcast to chosen bodies after previewing who gets it", async () => {
    await page.goto(`${kyodo.baseUrl}/console/`);
    await page.getByRole("navigation").getByRole("link", { name: "お知らせ" }).click();
    await page.getByRole("heading", { name: "新しいお知らせ" }).waitFor();
    await page.getByLabel("選んだ団体").check();
    await page.getByRole("group", { name: "団体", exact: true }).getByLabel("千葉市").check();
    await page.getByLabel("本文（2000文字まで）").fill("幹事会の資料を共有フォルダに置きました。");
    await page.getByRole("button", { name: "宛先を確認する" }).click();
    await page.getByRole("heading", { name: "送信前の確認" }).waitFor();
    const main = await page.getByRole("main").textContent();
    expect(main).toContain("指定した団体（1団体）");
    expect(await kyodo.db.broadcast.count()).toBe(0);
    await page.getByRole("button", { name: "この内容で送信する" }).click();
    await page.getByRole("status").filter({ hasText: "お知らせを受け付けました" }).waitFor();
    const broadcast = await kyodo.db.broadcast.findFirstOrThrow();
    expect(broadcast.text).toBe("幹事会の資料を共有フォルダに置きました。");
    expect(await page.getByRole("table").first().textContent()).toContain(broadcast.id.slice(-6));
  }, 60_000);

  it("opens an inquiry from the navigation and records a body's phoned-in answer, each after its confirmation", async () => {
    await page.goto(`${kyodo.baseUrl}/console/`);
    await page.getByRole("navigation").getByRole("link", { name: "照会", exact: true }).click();
    await page.getByRole("link", { name: "照会の作成" }).click();
    await page.getByLabel("件名", { exact: true }).fill("庁内LANの更新時期");
    await page.getByLabel("期限", { exact: true }).fill("2026-12-10 17:00");
    await page.getByLabel("照会先").fill("千葉市、銚子市");
    await page.getByRole("button", { name: "内容を確認する" }).click();
    await page.getByRole("heading", { name: "この内容で照会を作成します" }).waitFor();
    expect(await kyodo.db.inquiry.count()).toBe(0);
    await page.getByRole("button", { name: "照会を作成して2団体に知らせる" }).click();
    await page.getByRole("status").filter({ hasText: "照会を作成し" }).waitFor();
    await page.getByLabel("団体", { exact: true }).selectOption({ label: "千葉市" });
    await page.getByLabel("メモ").fill("電話で回答");
    await page.getByRole("button", { name: "回答を記録する" }).click();
    await page.getByRole("heading", { name: "確認" }).waitFor();
    expect(await kyodo.db.inquiryResponse.count()).toBe(0);
    await page.getByRole("button", { name: "回答を記録する" }).click();
    await page.getByRole("status").filter({ hasText: "団体の回答を記録しました" }).waitFor();
    expect(await page.getByRole("main").textContent()).toContain("電話で回答");
    expect(await kyodo.db.inquiryResponse.count()).toBe(1);
  }, 60_000);

  it("edits a motion's text and records a recusal on a ballot's page, each after its confirmation", async () => {
    await page.goto(`${kyodo.baseUrl}/console/ballots/1`);
    await page.getByRole("link", { name: /議案2 .* を修正する/ }).click();
    await page.getByLabel("本文").fill("別紙2（修正版）のとおり決定することについて承認を求める。");
    await page.getByRole("button", { name: "確認する" }).click();
    await page.getByRole("heading", { name: "確認" }).waitFor();
    expect(await page.getByRole("main").textContent()).toContain("数えられなくなる表決はありません");
    await page.getByRole("button", { name: "修正する" }).click();
    await page.getByRole("status").filter({ hasText: "議案2を修正しました（第2版）" }).waitFor();
    await page.getByLabel("議案", { exact: true }).selectOption({ index: 3 });
    await page.getByLabel("団体", { exact: true }).selectOption({ label: "千葉市" });
    await page.getByLabel("理由").fill("契約の相手方");
    await page.getByRole("button", { name: "除斥を記録する" }).click();
    await page.getByRole("heading", { name: "確認" }).waitFor();
    expect(await kyodo.db.motionRecusal.count()).toBe(0);
    await page.getByRole("button", { name: "除斥を記録する" }).click();
    await page.getByRole("status").filter({ hasText: "除斥を記録しました" }).waitFor();
    expect(await page.getByRole("table", { name: "除斥・回避の記録" }).textContent()).toContain("契約の相手方");
    expect(await kyodo.db.motionRecusal.count()).toBe(1);
  }, 60_000);
});

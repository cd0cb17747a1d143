// Usage, shares and settlements in chat (console transcripts): a member sees the usage summary and their
// own body's share and refund; the secretariat sees every body, records a figure and posts a summary;
// the scheduled monthly summary reaches the organ's linked conversation once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defineRecurringJob } from "../../src/jobs/recurring.ts";
import { USAGE_SUMMARY_JOB } from "../../src/jobs/handlers/usage-jobs.ts";
import { loadUsageMoneyDemo } from "../../src/demo/usage-money/load-usage-money-demo.ts";
import { ConsoleSession } from "../support/console-session.ts";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";

const jst = (iso: string) => new Date(`${iso}+09:00`);
let kyodo: TestKyodo;
let sato: ConsoleSession;
let yamada: ConsoleSession;

beforeAll(async () => {
  kyodo = await startTestKyodo({}, { http: false, clock: () => jst("2026-11-24T10:00:00") });
  await loadUsageMoneyDemo(kyodo.db, kyodo.council.id);
  sato = new ConsoleSession(kyodo.engine, "u-sato");
  yamada = new ConsoleSession(kyodo.engine, "u-yamada");
  await sato.say(`link ${await kyodo.codeFor("sato")}`);
  await yamada.say(`link ${await kyodo.codeFor("yamada")}`);
});
afterAll(async () => {
  await sato.close();
  await yamada.close();
  await kyodo.dispose();
});

describe("usage in chat", () => {
  it("lists the systems and shows a summary with a bar column", async () => {
    const list = await sato.say("usage");
    expect(list).toContain("facility-reservation");
    expect(list).toContain("電子調達システム");
    const summary = await sato.say("利用状況 施設予約 平成29年度");
    expect(summary).toContain("【利用状況　施設予約システム　平成29年度】");
    expect(summary).toContain("予約登録数: 926,404件");
    expect(summary).toContain("抽選申込数: 845,155件");
    expect(summary).toContain("予約登録数: 職員端末 640,556 / インターネット 256,910 / 携帯電話 163 / スマートフォン 28,775");
    expect(summary).toMatch(/千葉市\s+470,425\s+350,116\s+68,130\s+█{16}/);
    expect(await sato.say("usage security-cloud 2017-11")).toContain("インシデント件数: 879件");
  });

  it("only the secretariat records figures, and a mistake says what to fix", async () => {
    expect(await sato.say("usage record e-procurement 2017-04 * outage_hours 1")).toContain("権限");
    expect(await yamada.say("usage record e-procurement 2017-04 * scheduled_hours:電子入札 720")).toContain("720");
    expect(await yamada.say("usage record e-procurement 2017-04 * outage_hours:電子入札 2.16")).toContain("2.16");
    const april = await yamada.say("usage e-procurement 2017-04");
    expect(april).toContain("稼働率（電子入札）: 99.70%（SLA 99.7% 達成）");
    expect(await yamada.say("usage record e-procurement 2017-04 * bids_opened 1.5")).toContain("整数");
  });
});

describe("shares and settlements in chat", () => {
  it("a member sees the method, the rule and their own body's amount with its basis, not the whole table", async () => {
    const share = await sato.say("負担金 3");
    expect(share).toContain("按分3 平成29年度 ちば電子調達システム システム改修費（平成29年度）");
    expect(share).toContain("総額: 9,784,800円");
    expect(share).toContain("按分方法: 均等割");
    expect(share).toContain("最大剰余法");
    expect(share).toMatch(/千葉市の負担額: 174,72[89]円/);
    expect(share).toContain("56団体で均等 → 174,728.57");
    expect(share).not.toContain("銚子市");
    const all = await yamada.say("shares 3");
    expect(all).toContain("銚子市");
    expect(all).toContain("北千葉広域水道企業団");
  });

  it("a member sees what their body would pay if it joined", async () => {
    expect(await sato.say("shares 2 試算")).toContain("千葉市は按分2「平成29年度 ちば電子調達システム 企業情報使用料」に参加済みです");
    expect(await sato.say("shares 2 試算 神崎町")).toContain("権限");
    expect(await yamada.say("shares 2 試算 神崎町")).toMatch(
      /神崎町が按分2.*参加した場合の負担額（試算）: 43,08[56]円（47団体で総額 2,025,000円を按分）/,
    );
  });

  it("the settlement shows 予算額・決算額・差引額 and the member's refund", async () => {
    const settlement = await sato.say("決算 1");
    expect(settlement).toMatch(/負担金\s+59,733,000\s+59,733,800\s+△800/);
    expect(settlement).toMatch(/合計\s+69,062,000\s+59,594,659\s+9,467,341/);
    expect(settlement).toContain("差引額: 9,458,641円（平成30年度へ繰り越して返還）");
    expect(settlement).toMatch(/千葉市への返還金: [\d,]+円（負担額 [\d,]+円 に比例）/);
    expect(settlement).not.toContain("銚子市");
    expect(await yamada.say("settlement 1")).toContain("銚子市");
  });

  it("participation: the secretariat sees bodies, a member only their own", async () => {
    expect(await yamada.say("usage participation")).toContain("回答・表決の状況");
  });
});

describe("scheduled monthly summary", () => {
  it("posts the previous month to the organ's linked conversation once, within office hours", async () => {
    const organ = await kyodo.db.organ.findFirstOrThrow({ where: { councilId: kyodo.council.id, slug: "denshi-shinsei" } });
    await kyodo.db.organConversation.create({
      data: {
        organId: organ.id,
        platform: "slack",
        target: JSON.stringify({ platform: "slack", workspace: "T1", conversationId: "C-denshi" }),
        linkedBy: "test",
      },
    });
    // E-application has figures for April 2018 (FY2018): entered so the May summary has something to post.
    await yamada.say("usage record e-application 2018-04 千葉市 applications 1234");
    await defineRecurringJob(
      kyodo.db,
      {
        name: "usage-monthly",
        cron: "0 9 5 * *",
        kind: USAGE_SUMMARY_JOB,
        timezone: "Asia/Tokyo",
        payload: { councilId: kyodo.council.id },
      },
      jst("2018-05-01T00:00:00"),
    );
    await kyodo.scheduler.tick(jst("2018-05-05T09:00:10"));
    await kyodo.scheduler.tick(jst("2018-05-05T09:00:30"));
    const deliveries = await kyodo.db.delivery.findMany({ where: { source: { startsWith: "usage-summary:" } } });
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]!.platform).toBe("slack");
    const message = JSON.parse(deliveries[0]!.message) as { text: string; blocks: Array<{ type: string; chart?: unknown }> };
    expect(message.text).toContain("2018年4月");
    expect(message.text).toContain("申請件数: 1,234件");
    expect(message.blocks.some((b) => b.type === "table" && b.chart)).toBe(true);
  });
});

// kyodo usage … / statistics … / shares … / settlement …: usage figures, body statistics, cost shares and
// settlements for the secretariat. Imports report rejected rows as file:line: reason; large imports
// show a progress bar on stderr; summaries, shares and settlements print as text or export as CSV
// (UTF-8 with BOM, or Shift_JIS) and XLSX.
// The usage figures are here; statistics, shares and settlements in commands-usage-money.ts, and the
// helpers both use in commands-usage-shared.ts.
import { localMinute } from "../lib/local-time.ts";
import { statSync, writeFileSync } from "node:fs";
import type { Command } from "commander";
import { progressBar } from "../adapters/shared/render-plain-text.ts";
import { renderChartPng } from "../adapters/shared/chart-png.ts";
import { bilingual } from "../engine/i18n.ts";
import { parseFiscalYear } from "../lib/japanese/era.ts";
import { UserError } from "../lib/user-error.ts";
import { defineSystem } from "../domain/usage/define-system.ts";
import { usageExportTables } from "../domain/usage/export-usage.ts";
import { findSystem, listSystems } from "../domain/usage/find-system.ts";
import { importUsage } from "../domain/usage/import-usage.ts";
import { participationSummary } from "../domain/usage/participation.ts";
import { participationMessage } from "../domain/usage/participation-message.ts";
import { postUsageSummary } from "../domain/usage/post-summary.ts";
import { recordUsage } from "../domain/usage/record-usage.ts";
import { summaryMessage } from "../domain/usage/summary-message.ts";
import { loadUsageSummary } from "../domain/usage/usage-summary.ts";
import { loadUsageMoneyDemo } from "../demo/usage-money/load-usage-money-demo.ts";
import { scheduleUsageSummaries } from "../domain/usage/schedule-summaries.ts";
import { withCli } from "./cli-context.ts";
import {
  PROGRESS_FROM_BYTES,
  lang,
  secretariatView,
  readFile,
  withOutputOptions,
  reportRejected,
  periodOption,
  output,
  fullCouncil,
  type OutputOptions,
} from "./commands-usage-shared.ts";
import { registerMoneyCommands } from "./commands-usage-money.ts";

export function registerUsageCommands(program: Command): void {
  const usage = program.command("usage").description("利用状況 / usage of the shared systems");
  usage
    .command("systems")
    .description("共同利用システムの一覧 / list the shared systems")
    .action(() =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        const systems = await listSystems(ctx.db, council.id);
        if (systems.length === 0) ctx.out(bilingual("usage.chat.noSystems"));
        for (const s of systems) ctx.out(`${s.slug}\t${s.name}\t${s.nameEn ?? ""}\t${s.slaPercent ? `SLA ${s.slaPercent}%` : ""}`);
      }),
    );
  usage
    .command("system <slug> <name>")
    .description("共同利用システムを登録・変更します / add or change a shared system")
    .option("--en <nameEn>", "英語名 / English name")
    .option("--sla <percent>", "稼働率の目標 / uptime target, e.g. 99.7")
    .option("--organ <organ>", "要約を投稿する部会 / organ whose conversations get the summaries")
    .action((slug: string, name: string, opts: { en?: string; sla?: string; organ?: string }) =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        const system = await defineSystem(ctx.db, council.id, { slug, name, nameEn: opts.en, sla: opts.sla, organ: opts.organ }, ctx.actor);
        ctx.out(bilingual("usage.cli.systemReady", { slug: system.slug, name: system.name }));
      }),
    );
  usage
    .command("import <file>")
    .description("利用実績の CSV を取り込みます（UTF-8/Shift_JIS） / import usage figures from a CSV")
    .option("--system <system>", "system 列がないときのシステム / the system when the file has no system column")
    .option("--period <period>", "period 列がないときの期間（2017-04、平成29年度） / the period when the file has none")
    .option("--no-progress", "進捗を表示しない / no progress bar")
    .option("--skip-invalid", "不正な行を飛ばし、正しい行だけ取り込みます / write the valid rows even when some are rejected")
    .action((file: string, opts: { system?: string; period?: string; progress: boolean; skipInvalid?: boolean }) =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        const bytes = readFile(file);
        const showProgress = opts.progress && statSync(file).size >= PROGRESS_FROM_BYTES;
        const report = await importUsage(ctx.db, council.id, bytes, ctx.actor, {
          system: opts.system,
          period: periodOption(opts.period),
          source: `csv:${file}`,
          skipInvalid: opts.skipInvalid,
          onProgress: showProgress
            ? (done, total) =>
                process.stderr.write(
                  `\r${bilingual("usage.cli.reading")} ${progressBar(Math.round(done / 1024), Math.round(total / 1024))} KB`,
                )
            : undefined,
        });
        if (showProgress) process.stderr.write("\n");
        if (report.written)
          ctx.out(bilingual("usage.cli.importReport", { rows: report.rows, figures: report.figures, rejected: report.rejected.length }));
        else ctx.out(bilingual("security.importNothingWritten", { rejected: report.rejected.length }));
        reportRejected(ctx, file, report.rejected);
      }),
    );
  usage
    .command("record <system> <period> <body> <metric> <value>")
    .description("数値を一つ登録します（body は団体名・コード、全体は *） / enter one figure (body * = the whole system)")
    .action((system: string, period: string, body: string, metric: string, value: string) =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        const result = await recordUsage(ctx.db, council.id, { system, period, body, metric, value }, ctx.actor);
        ctx.out(
          bilingual("usage.chat.recorded", {
            system: result.system.name,
            body: result.body?.name ?? "*",
            metric,
            value: result.figure.value,
          }),
        );
      }),
    );
  withOutputOptions(usage.command("summary <system> [period]").description("利用状況の要約 / usage summary (text, CSV, XLSX)"))
    .option("--chart <png>", "グラフを PNG で保存 / also save the chart as a PNG")
    .action((system: string, period: string | undefined, opts: OutputOptions & { chart?: string }) =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        const summary = await loadUsageSummary(ctx.db, council.id, system, periodOption(period));
        const message = summaryMessage(summary, lang(opts));
        await output(ctx, opts, message, () => usageExportTables(summary, lang(opts)));
        if (opts.chart) {
          const chart = message.blocks.find((b) => b.type === "table" && b.chart);
          if (!chart || chart.type !== "table" || !chart.chart) throw new UserError("usage.cli.noChart");
          writeFileSync(opts.chart, renderChartPng(chart.chart).png);
          ctx.out(bilingual("usage.cli.written", { file: opts.chart }));
        }
      }),
    );
  usage
    .command("post <system> [period]")
    .description("要約を部会の会話（なければ事務局）へ投稿します / post the summary to the system's organ (or the secretariat)")
    .action((system: string, period: string | undefined) =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        const found = await findSystem(ctx.db, council.id, system);
        const summary = await loadUsageSummary(ctx.db, council.id, found.slug, periodOption(period));
        const result = await postUsageSummary(
          ctx.db,
          { councilId: council.id, systemId: found.id, period: summary.period, actor: ctx.actor },
          new Date(),
        );
        ctx.out(
          result.posted
            ? bilingual("usage.chat.posted", { groups: result.groups, people: result.people })
            : bilingual(`usage.chat.notPosted.${result.reason}`),
        );
      }),
    );
  usage
    .command("schedule")
    .description("定期投稿を設定します（既定: 毎月5日9時に前月分） / schedule the summaries (default: 09:00 on the 5th, previous month)")
    .option("--cron <cron>", "cron 式 / cron expression", "0 9 5 * *")
    .option("--scope <scope>", "month | fiscal_year", "month")
    .option("--system <system>", "一つのシステムだけ / one system only")
    .action((opts: { cron: string; scope: string; system?: string }) =>
      withCli(async (ctx) => {
        const council = await fullCouncil(ctx);
        // The same use case as the web console's schedule form: one job per scope and system, audited.
        const { name, job } = await scheduleUsageSummaries(
          ctx.db,
          { councilId: council.id, cron: opts.cron, scope: opts.scope, system: opts.system, actor: ctx.actor },
          new Date(),
        );
        ctx.out(bilingual("usage.cli.scheduled", { name, cron: opts.cron, next: localMinute(job.nextRunAt, ctx.timezone) }));
      }),
    );
  withOutputOptions(
    usage.command("participation [fiscalYear]").description("調査の回答率・表決の投票率 / survey response rates and ballot turnout"),
  ).action((fiscalYear: string | undefined, opts: OutputOptions) =>
    withCli(async (ctx) => {
      const council = await fullCouncil(ctx);
      const year = fiscalYear ? parseFiscalYear(fiscalYear) : undefined;
      if (fiscalYear && !year) throw new UserError("usage.record.badPeriod", { period: fiscalYear });
      const summary = await participationSummary(ctx.db, council.id, { fiscalYear: year, timezone: council.timezone });
      const message = participationMessage({ ...summary }, lang(opts), secretariatView);
      await output(ctx, opts, message, () => [
        {
          name: "items",
          columns: ["kind", "number", "title", "organ", "eligible", "answered"],
          rows: summary.items.map((i) => [i.kind, i.number, i.title, i.organ ?? "", i.eligible, i.answered]),
        },
        {
          name: "bodies",
          columns: ["code", "body", "eligible", "answered", "surveys", "ballots", "inquiries"],
          rows: summary.byBody.map((b) => [
            b.code ?? "",
            b.name,
            b.eligible,
            b.answered,
            `${b.kinds.survey.answered}/${b.kinds.survey.eligible}`,
            `${b.kinds.ballot.answered}/${b.kinds.ballot.eligible}`,
            `${b.kinds.inquiry.answered}/${b.kinds.inquiry.eligible}`,
          ]),
        },
      ]);
    }),
  );
  usage
    .command("demo")
    .description("デモの利用実績・按分・決算（千葉 平成29年度）を読み込みます / load the demo usage, shares and settlements")
    .action(() =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        ctx.out(bilingual((await loadUsageMoneyDemo(ctx.db, council.id)) ? "usage.cli.demoLoaded" : "usage.cli.demoExists"));
      }),
    );

  // The money commands, registered here so that `kyodo --help` lists them where it always has.
  registerMoneyCommands(program);
}

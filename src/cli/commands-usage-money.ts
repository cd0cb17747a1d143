// kyodo statistics … / shares … / settlement …: body statistics (population, births), cost shares by the
// council's rules, and the settlement with its refunds, printed as text or exported as CSV and XLSX.
import type { Command } from "commander";
import { renderPlainText } from "../adapters/shared/render-plain-text.ts";
import { bilingual } from "../engine/i18n.ts";
import { findBody } from "../domain/bodies/find-body.ts";
import { decodeCsv } from "../domain/bodies/import-bodies.ts";
import { createCostShare, unsavedShareView } from "../domain/money/create-cost-share.ts";
import { computedSettlementView, createSettlement } from "../domain/money/create-settlement.ts";
import { estimateShareForBody } from "../domain/money/estimate-share-if-joining.ts";
import { findCostShare, listCostShares } from "../domain/money/find-cost-share.ts";
import { findSettlement, listSettlements } from "../domain/money/find-settlement.ts";
import { settlementExportTables, shareExportTables } from "../domain/money/export-money.ts";
import { importStatistics } from "../domain/money/import-statistics.ts";
import { validateSettlementSpec } from "../domain/money/settlement-spec.ts";
import { settlementMessage } from "../domain/money/settlement-message.ts";
import { estimateMessage, shareMessage } from "../domain/money/share-message.ts";
import { parseSpecText, validateShareSpec } from "../domain/money/share-spec.ts";
import { Dec, formatYen } from "../lib/yen.ts";
import { withCli } from "./cli-context.ts";
import { lang, secretariatView, readFile, withOutputOptions, reportRejected, output, type OutputOptions } from "./commands-usage-shared.ts";

/** statistics, shares and settlement: the figures cost shares are computed from, the shares, and the year-end settlement. */
export function registerMoneyCommands(program: Command): void {
  const statistics = program.command("statistics").description("団体の統計（人口・出生数） / body statistics (population, births)");
  statistics
    .command("import <file>")
    .description("body,kind,fiscalYear,value の CSV を取り込みます / import a CSV of body,kind,fiscalYear,value")
    .action((file: string) =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        const report = await importStatistics(ctx.db, council.id, decodeCsv(readFile(file)), ctx.actor, `csv:${file}`);
        ctx.out(bilingual("usage.cli.statisticsReport", { imported: report.imported, rejected: report.rejected.length }));
        reportRejected(ctx, file, report.rejected);
      }),
    );

  const shares = program.command("shares").description("負担金の按分 / cost shares");
  withOutputOptions(
    shares
      .command("compute <spec>")
      .description("YAML/JSON の指定から按分を計算して記録します / compute and record a cost share from a YAML/JSON spec"),
  )
    .option("--dry-run", "記録せずに表示だけ / show without recording")
    .action((specFile: string, opts: OutputOptions & { dryRun?: boolean }) =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        const spec = validateShareSpec(parseSpecText(readFile(specFile).toString("utf8")));
        const computed = await createCostShare(ctx.db, council.id, spec, ctx.actor, { dryRun: opts.dryRun });
        if (computed.number === undefined) ctx.out(bilingual("usage.cli.dryRun"));
        else
          ctx.out(
            bilingual("usage.cli.shareRecorded", {
              number: computed.number,
              total: formatYen(computed.result.total),
              count: computed.result.lines.length,
            }),
          );
        const view =
          computed.number !== undefined ? await findCostShare(ctx.db, council.id, computed.number) : unsavedShareView(computed, new Date());
        await output(ctx, opts, shareMessage(view, lang(opts), secretariatView), () => shareExportTables(view, lang(opts)));
      }),
    );
  shares
    .command("list")
    .description("記録された按分 / recorded cost shares")
    .action(() =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        for (const s of await listCostShares(ctx.db, council.id))
          ctx.out(`${s.number}\t${s.fiscalYear}\t${formatYen(new Dec(s.total))}\t${s._count.lines}\t${s.title}`);
      }),
    );
  withOutputOptions(shares.command("show <number>").description("按分を表示・出力します / show or export a cost share")).action(
    (number: string, opts: OutputOptions) =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        const view = await findCostShare(ctx.db, council.id, Number(number));
        await output(ctx, opts, shareMessage(view, lang(opts), secretariatView), () => shareExportTables(view, lang(opts)));
      }),
  );
  shares
    .command("estimate <number> <body>")
    .description("その団体が参加した場合の負担額（試算） / what a body would pay if it joined")
    .option("--lang <lang>", "ja | en", "ja")
    .action((number: string, body: string, opts: { lang: string }) =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        const found = await findBody(ctx.db, council.id, body);
        const estimate = await estimateShareForBody(ctx.db, { councilId: council.id, shareNumber: Number(number), bodyId: found.id });
        ctx.out(renderPlainText(estimateMessage(estimate, lang(opts)), { numberChoices: false }));
      }),
    );

  const settlement = program.command("settlement").description("収支決算と返還金 / settlements and refunds");
  withOutputOptions(
    settlement
      .command("create <spec>")
      .description("YAML/JSON の決算書を記録し返還金を計算します / record a settlement and compute refunds"),
  )
    .option("--dry-run", "記録せずに表示だけ / show without recording")
    .action((specFile: string, opts: OutputOptions & { dryRun?: boolean }) =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        const spec = validateSettlementSpec(parseSpecText(readFile(specFile).toString("utf8")));
        const computed = await createSettlement(ctx.db, council.id, spec, ctx.actor, { dryRun: opts.dryRun });
        if (computed.number === undefined) ctx.out(bilingual("usage.cli.dryRun"));
        else
          ctx.out(
            bilingual("usage.cli.settlementRecorded", {
              number: computed.number,
              balance: formatYen(computed.result.balance),
              refunds: computed.refunds.length,
            }),
          );
        const view = computedSettlementView(computed);
        await output(ctx, opts, settlementMessage(view, lang(opts), secretariatView), () => settlementExportTables(view, lang(opts)));
      }),
    );
  settlement
    .command("list")
    .description("記録された決算 / recorded settlements")
    .action(() =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        for (const s of await listSettlements(ctx.db, council.id))
          ctx.out(`${s.number}\t${s.fiscalYear}\t${formatYen(new Dec(s.balance))}\t${s.title}`);
      }),
    );
  withOutputOptions(settlement.command("show <number>").description("決算を表示・出力します / show or export a settlement")).action(
    (number: string, opts: OutputOptions) =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        const view = await findSettlement(ctx.db, council.id, Number(number));
        await output(ctx, opts, settlementMessage(view, lang(opts), secretariatView), () => settlementExportTables(view, lang(opts)));
      }),
  );
}

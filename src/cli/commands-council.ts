// kyodo council … / demo … / db … / audit …: the installation itself and its audit trail.
import type { Command } from "commander";
import { createAuditCheckpoint, formatCheckpoint, parseCheckpoint } from "../domain/audit/audit-checkpoint.ts";
import { auditVerificationLines } from "../domain/audit/audit-verification-lines.ts";
import { verifyAuditLog } from "../domain/audit/verify-audit-log.ts";
import { UserError } from "../lib/user-error.ts";
import { ensureCouncil } from "../domain/council/ensure-council.ts";
import { loadDemoCouncil } from "../demo/load-demo-council.ts";
import { bilingual } from "../engine/i18n.ts";
import { renderTable } from "../adapters/shared/render-plain-text.ts";
import { withCli } from "./cli-context.ts";
import { headers } from "./cli-format.ts";
import { localMinute } from "../lib/local-time.ts";

export function registerCouncilCommands(program: Command): void {
  const council = program.command("council").description("協議会 / the council");
  council
    .command("create <slug> <name>")
    .description("協議会を作成します / create a council")
    .option("--en <nameEn>", "英語名 / English name")
    .option("--timezone <tz>", "タイムゾーン / time zone", "Asia/Tokyo")
    .action((slug: string, name: string, opts: { en?: string; timezone: string }) =>
      withCli(async (ctx) => {
        const created = await ensureCouncil(ctx.db, { slug, name, nameEn: opts.en ?? name, timezone: opts.timezone });
        ctx.out(bilingual("cli.councilReady", { slug: created.slug, name: created.name }));
      }),
    );

  program
    .command("demo")
    .description("デモ協議会（千葉県、56団体）を読み込みます / load the demo council (Chiba, 56 bodies)")
    .action(() =>
      withCli(async (ctx) => {
        const loaded = await loadDemoCouncil(ctx.db);
        ctx.out(bilingual(loaded ? "cli.demoLoaded" : "cli.demoExists"));
      }),
    );

  program
    .command("migrate")
    .description("データベースを最新の構造に更新します / apply database migrations")
    .action(() => withCli((ctx) => Promise.resolve(ctx.out(bilingual("cli.migrated")))));

  const audit = program.command("audit").description("監査ログ / the audit log");
  audit
    .command("verify")
    .description(
      "監査ログのハッシュ連鎖・チェックポイント・現在の表決と回答を検証します / prove the chain, its checkpoints and the current votes and answers",
    )
    .option("--against <checkpoint...>", "外部に保管したチェックポイント / checkpoints kept outside the database")
    .action((opts: { against?: string[] }) =>
      withCli(async (ctx) => {
        const against = (opts.against ?? []).map((text) => {
          const checkpoint = parseCheckpoint(text);
          if (!checkpoint) throw new UserError("cli.auditCheckpointUnreadable", { text: text.slice(0, 40) });
          return checkpoint;
        });
        const lines = auditVerificationLines(await verifyAuditLog(ctx.db, against), ctx.timezone);
        for (const line of lines.ok) ctx.out(bilingual(line.key, line.vars));
        for (const line of lines.problems) process.stderr.write(`${bilingual(line.key, line.vars)}\n`);
        if (lines.problems.length > 0) process.exitCode = 2;
      }),
    );
  audit
    .command("checkpoint")
    .description(
      "監査ログの現在の先頭を署名付きで記録し表示します（外部に保管してください） / record and print a signed checkpoint of the log's head (keep it outside)",
    )
    .action(() =>
      withCli(async (ctx) => {
        const checkpoint = await createAuditCheckpoint(ctx.db, new Date());
        if (!checkpoint) ctx.out(bilingual("cli.auditEmpty"));
        else ctx.out(formatCheckpoint(checkpoint));
      }),
    );
  audit
    .command("list")
    .description("最近の監査ログを表示します / show recent audit entries")
    .option("-n, --last <n>", "件数 / how many", "20")
    .action((opts: { last: string }) =>
      withCli(async (ctx) => {
        const entries = await ctx.db.auditEntry.findMany({ orderBy: { seq: "desc" }, take: Number(opts.last) || 20 });
        const rows = entries.reverse().map((e) => [String(e.seq), localMinute(e.at, ctx.timezone), e.actor, e.action, e.subject]);
        ctx.out(renderTable(headers("seq", "at", "actor", "action", "subject"), rows));
      }),
    );
}

// kyodo council … / demo … / db … / audit …: the installation itself and its audit trail.
import type { Command } from "commander";
import { verifyAuditLog } from "../domain/audit/verify-audit-log.ts";
import { ensureCouncil } from "../domain/council/ensure-council.ts";
import { loadDemoCouncil } from "../demo/load-demo-council.ts";
import { bilingual } from "../engine/i18n.ts";
import { renderTable } from "../adapters/shared/render-plain-text.ts";
import { withCli } from "./cli-context.ts";

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
    .action(() => withCli(async (ctx) => ctx.out(bilingual("cli.migrated"))));

  const audit = program.command("audit").description("監査ログ / the audit log");
  audit
    .command("verify")
    .description("監査ログのハッシュ連鎖を検証します / prove the hash chain intact")
    .action(() =>
      withCli(async (ctx) => {
        const result = await verifyAuditLog(ctx.db);
        if (result.ok) {
          ctx.out(bilingual("cli.auditOk", { count: result.count, hash: result.lastHash.slice(0, 16) }));
          return;
        }
        process.stderr.write(`${bilingual(`cli.auditBroken.${result.reason}`, { seq: result.brokenAt, count: result.count })}\n`);
        process.exitCode = 2;
      }),
    );
  audit
    .command("list")
    .description("最近の監査ログを表示します / show recent audit entries")
    .option("-n, --last <n>", "件数 / how many", "20")
    .action((opts: { last: string }) =>
      withCli(async (ctx) => {
        const entries = await ctx.db.auditEntry.findMany({ orderBy: { seq: "desc" }, take: Number(opts.last) || 20 });
        const rows = entries.reverse().map((e) => [String(e.seq), e.at.toISOString(), e.actor, e.action, e.subject]);
        ctx.out(renderTable(["seq", "at", "actor", "action", "subject"], rows));
      }),
    );
}

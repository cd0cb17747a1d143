// kyodo inbox …: chat events Kyodo accepted but could not process after every retry are parked, never
// dropped (issue #14). The secretariat lists them, fixes the cause, and puts one back to run again.
import type { Command } from "commander";
import { renderTable } from "../adapters/shared/render-plain-text.ts";
import { appendAuditEntry } from "../domain/audit/append-audit-entry.ts";
import { formatInstant } from "../domain/calendar/zoned-time.ts";
import { listParkedEvents, retryParkedEvent } from "../engine/inbox-store.ts";
import { bilingual } from "../engine/i18n.ts";
import { withCli } from "./cli-context.ts";

export function registerInboxCommands(program: Command): void {
  const inbox = program
    .command("inbox")
    .description("受信したチャットイベント（処理できず保留中のもの） / accepted chat events that could not be processed");
  inbox
    .command("failed")
    .description("何度試しても処理できず保留中のイベントの一覧 / list events parked after failing every attempt")
    .option("--limit <n>", "表示する件数 / how many", "100")
    .action((opts: { limit: string }) =>
      withCli(async (ctx) => {
        const council = await ctx.council();
        const rows = await listParkedEvents(ctx.db, Number(opts.limit) || 100);
        if (rows.length === 0) return ctx.out(bilingual("inbox.cliNoneFailed"));
        ctx.out(bilingual("inbox.cliFailedHeader", { count: rows.length }));
        ctx.out(
          renderTable(
            ["id", "received / 受信", "platform", "user", "event / 内容", "attempts / 試行", "last error / 最後のエラー"],
            rows.map((r) => [
              r.id,
              formatInstant(r.receivedAt, council.timezone, "ja"),
              r.platform,
              r.user,
              r.what,
              String(r.attempts),
              r.lastError,
            ]),
          ),
        );
      }),
    );
  inbox
    .command("retry <id>")
    .description("保留中のイベントをもう一度処理します（ID は先頭 6 文字以上） / run a parked event again (id or a unique prefix)")
    .action((id: string) =>
      withCli(async (ctx) => {
        const found = await retryParkedEvent(ctx.db, id);
        // Running someone's vote again is a decision worth a line in the audit log.
        await appendAuditEntry(ctx.db, { actor: ctx.actor, action: "inbox.retry", subject: `inbox:${found}` });
        ctx.out(bilingual("inbox.cliRetried", { id: found }));
      }),
    );
}

// kyodo deliveries status / retry: the outbox from the command line — how many deliveries wait, were
// sent or failed per platform, why the last ones failed, and a retry for failures of any kind.
import type { Command } from "commander";
import { renderTable } from "../adapters/shared/render-plain-text.ts";
import { deliveryCounts, recentFailures, retryFailed, type DeliveryFilter } from "../domain/delivery/retry-deliveries.ts";
import { bilingual, translator } from "../engine/i18n.ts";
import { withCli } from "./cli-context.ts";

export function registerDeliveryCommands(program: Command): void {
  const deliveries = program.command("deliveries").description("送信待ち行列（アウトボックス） / the outbox");
  deliveries
    .command("status")
    .description("経路・状態ごとの件数と最近の失敗 / counts per platform and state, recent failures")
    .option("--platform <platform>", "slack | line | lineworks | mattermost | webhook | email | console")
    .option("--source <prefix>", "reminder: | broadcast:<id> | reply: …")
    .action((opts: DeliveryFilter) =>
      withCli(async (ctx) => {
        const t = translator("ja");
        const counts = await deliveryCounts(ctx.db, opts);
        if (counts.length === 0) return ctx.out(bilingual("delivery.none"));
        ctx.out(
          renderTable(
            [t("delivery.platform"), t("delivery.state"), t("delivery.count")],
            counts.map((c) => [c.platform, c.state, String(c.count)]),
          ),
        );
        for (const f of await recentFailures(ctx.db, opts)) ctx.out(`  ✗ ${f.platform} ${f.source}: ${f.lastError ?? ""}`);
      }),
    );
  deliveries
    .command("retry")
    .description("失敗した配信を再送します / put failed deliveries back in the queue")
    .option("--platform <platform>", "slack | line | lineworks | mattermost | webhook | email | console")
    .option("--source <prefix>", "reminder: | broadcast:<id> | reply: …")
    .action((opts: DeliveryFilter) =>
      withCli(async (ctx) => {
        ctx.out(
          bilingual("delivery.retried", {
            count: await retryFailed(ctx.db, { platform: opts.platform, source: opts.source }, ctx.actor, new Date()),
          }),
        );
      }),
    );
}

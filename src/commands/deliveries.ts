// `/kyodo deliveries [id] [retry]` (secretariat): recent broadcasts and how their delivery went; retry
// the failed recipients of one after fixing the cause.
import type { CommandDefinition } from "../engine/definitions.ts";
import type { Context } from "../engine/context.ts";
import { recentFailedDeliveries } from "../domain/delivery/failed-deliveries.ts";
import { textMessage, type OutboundMessage } from "../engine/messages.ts";
import { broadcastSummary } from "../domain/broadcasts/broadcast-summary.ts";
import { retryFailed } from "../domain/delivery/retry-deliveries.ts";
import { findBroadcast, recentBroadcasts } from "../domain/broadcasts/find-broadcast.ts";
import { formatInstant } from "../domain/calendar/zoned-time.ts";

const FAILED_WORDS = new Set(["failed", "失敗", "未達"]);
const KINDS = new Set(["broadcast", "reminder", "inquiry", "survey", "ballot-open", "email-answer"]);

/** `/kyodo deliveries failed`: what did not arrive, from any source (bounces included), last 7 days. */
async function failedList(ctx: Context, councilId: string, zone: string): Promise<OutboundMessage[]> {
  const rows = await recentFailedDeliveries(ctx.db, councilId, new Date(ctx.now.getTime() - 7 * 86_400_000));
  if (rows.length === 0) return [textMessage(ctx.t("notices.failed.none"))];
  const title = ctx.t("notices.failed.title");
  const columns = ["when", "kind", "person", "body", "platform", "state", "reason"].map((c) => ctx.t(`notices.failed.columns.${c}`));
  const table = rows.map((r) => [
    formatInstant(r.at, zone, ctx.locale),
    ctx.t(`notices.failed.kinds.${KINDS.has(r.kind) ? r.kind : "other"}`),
    r.person,
    r.body,
    r.platform,
    ctx.t(`notices.failed.states.${r.state}`),
    r.reason,
  ]);
  return [
    {
      text: title,
      blocks: [
        { type: "header", text: title },
        { type: "table", columns, rows: table },
      ],
    },
  ];
}

export const deliveriesCommand: CommandDefinition = {
  name: "deliveries",
  aliases: ["配信状況", "送信状況"],
  access: "secretariat",
  async run(ctx, args): Promise<OutboundMessage[]> {
    const councilId = ctx.actor!.councilId;
    const zone = (await ctx.db.council.findUniqueOrThrow({ where: { id: councilId } })).timezone;
    if (args.length === 0) {
      const list = await recentBroadcasts(ctx.db, councilId);
      if (list.length === 0) return [textMessage(ctx.t("broadcasts.none"))];
      const rows = [];
      for (const b of list) {
        const s = await broadcastSummary(ctx.db, b.id);
        rows.push([
          b.id.slice(-6),
          formatInstant(b.sendAt, zone, ctx.locale),
          ctx.t(`broadcasts.states.${b.state}`),
          `${s.counts.sent}/${s.counts.sent + s.counts.failed + s.counts.queued + s.counts.sending}`,
          String(s.counts.failed),
          b.text.slice(0, 20),
        ]);
      }
      const title = ctx.t("broadcasts.recentTitle");
      return [
        {
          text: title,
          blocks: [
            { type: "header", text: title },
            {
              type: "table",
              columns: [
                "ID",
                ctx.t("broadcasts.columns.when"),
                ctx.t("broadcasts.columns.state"),
                ctx.t("broadcasts.columns.sent"),
                ctx.t("broadcasts.columns.failed"),
                ctx.t("broadcasts.columns.text"),
              ],
              rows,
            },
          ],
        },
      ];
    }
    if (FAILED_WORDS.has(args[0]!.toLowerCase())) return failedList(ctx, councilId, zone);
    const broadcast = await findBroadcast(ctx.db, councilId, args[0]!);
    if (args[1] && ["retry", "再送", "再送信"].includes(args[1].toLowerCase())) {
      const count = await retryFailed(ctx.db, { broadcastId: broadcast.id }, `person:${ctx.actor!.personId}`, ctx.now);
      return [textMessage(ctx.t("broadcasts.retried", { count }))];
    }
    const s = await broadcastSummary(ctx.db, broadcast.id);
    const total = s.counts.sent + s.counts.failed + s.counts.queued + s.counts.sending;
    const title = ctx.t("broadcasts.summaryTitle", { id: broadcast.id.slice(-6) });
    return [
      {
        text: `${title} ${s.counts.sent}/${total}`,
        blocks: [
          { type: "header", text: title },
          { type: "progress", label: ctx.t("broadcasts.columns.sent"), done: s.counts.sent, total },
          {
            type: "fields",
            fields: [
              { label: ctx.t("broadcasts.columns.state"), value: ctx.t(`broadcasts.states.${s.state}`) },
              { label: ctx.t("broadcasts.columns.when"), value: formatInstant(s.sendAt, zone, ctx.locale) },
              { label: ctx.t("broadcasts.columns.failed"), value: String(s.counts.failed) },
            ],
          },
          ...(s.failures.length > 0
            ? [
                {
                  type: "table" as const,
                  columns: [
                    ctx.t("broadcasts.columns.body"),
                    ctx.t("broadcasts.columns.person"),
                    ctx.t("broadcasts.columns.platform"),
                    ctx.t("broadcasts.columns.reason"),
                  ],
                  rows: s.failures.map((f) => [f.body, f.person, f.platform, f.reason]),
                },
              ]
            : []),
        ],
      },
    ];
  },
};

// Tells the sender of a broadcast how it went: sent, failed (with reasons), and how to retry.
import { translator } from "../../engine/i18n.ts";
import { COMMAND_ACTION } from "../../engine/definitions.ts";
import type { Db } from "../../storage/database.ts";
import { queueMessages } from "../delivery/queue-messages.ts";
import type { DeliverySummary } from "./broadcast-summary.ts";

export async function reportToSender(db: Db, summary: DeliverySummary, now: Date) {
  const broadcast = await db.broadcast.findUniqueOrThrow({ where: { id: summary.broadcastId } });
  const short = broadcast.id.slice(-6);
  return queueMessages(db, {
    source: `broadcast-report:${broadcast.id}`,
    personIds: [broadcast.createdById],
    notBefore: now,
    render: (locale) => {
      const t = translator(locale);
      const text = t("broadcasts.report", { id: short, sent: summary.counts.sent, failed: summary.counts.failed });
      return {
        text,
        blocks: [
          { type: "text", text },
          ...(summary.failures.length > 0
            ? [
                {
                  type: "table" as const,
                  columns: [
                    t("broadcasts.columns.body"),
                    t("broadcasts.columns.person"),
                    t("broadcasts.columns.platform"),
                    t("broadcasts.columns.reason"),
                  ],
                  rows: summary.failures.map((f) => [f.body, f.person, f.platform, f.reason]),
                },
                {
                  type: "choices" as const,
                  actionId: COMMAND_ACTION,
                  choices: [{ label: t("broadcasts.retryFailed"), value: `deliveries ${short} retry` }],
                },
              ]
            : []),
        ],
      };
    },
  });
}

// Participation as a chat message. The secretariat sees every organ and the bodies that answer least
// (the ones to chase first); a member sees the organs' rates and their own body's record only.
import { translator } from "../../engine/i18n.ts";
import type { Block, OutboundMessage } from "../../engine/messages.ts";
import { formatFiscalYear } from "../../lib/japanese/era.ts";
import { rate, type ParticipationSummary, type Tally } from "./participation.ts";

const LOWEST_ROWS = 15;

export function participationMessage(
  summary: ParticipationSummary,
  locale: "ja" | "en",
  viewer: { bodyIds: string[]; secretariat: boolean },
): OutboundMessage {
  const t = translator(locale);
  const pct = (tally: Tally) => {
    const r = rate(tally);
    return r ? `${r.toFixed(1)}%（${tally.answered}/${tally.eligible}）` : "—";
  };
  const title = t("usage.participation.title", {
    year: summary.fiscalYear ? formatFiscalYear(summary.fiscalYear) : t("usage.participation.allYears"),
  });
  if (summary.items.length === 0) {
    const none = t("usage.participation.none");
    return {
      text: `${title}\n${none}`,
      blocks: [
        { type: "header", text: title },
        { type: "text", text: none },
      ],
    };
  }
  const kindColumns = [t("usage.participation.surveys"), t("usage.participation.ballots"), t("usage.participation.inquiries")];
  const blocks: Block[] = [
    { type: "header", text: title },
    {
      type: "table",
      caption: t("usage.participation.byOrgan"),
      columns: [t("usage.participation.organ"), ...kindColumns, t("usage.participation.overall")],
      rows: summary.byOrgan.map((o) => [
        o.organ ?? t("usage.participation.allMembers"),
        pct(o.kinds.survey),
        pct(o.kinds.ballot),
        pct(o.kinds.inquiry),
        pct(o),
      ]),
    },
  ];
  const lines = [title, ...summary.byOrgan.map((o) => `${o.organ ?? t("usage.participation.allMembers")}: ${pct(o)}`)];
  const bodyRows = viewer.secretariat
    ? summary.byBody.slice(0, LOWEST_ROWS)
    : summary.byBody.filter((b) => viewer.bodyIds.includes(b.bodyId));
  if (bodyRows.length > 0) {
    blocks.push({
      type: "table",
      caption: viewer.secretariat
        ? t("usage.participation.lowest", { count: bodyRows.length, total: summary.byBody.length })
        : t("usage.participation.yours"),
      columns: [t("usage.summary.body"), ...kindColumns, t("usage.participation.overall")],
      rows: bodyRows.map((b) => [b.name, pct(b.kinds.survey), pct(b.kinds.ballot), pct(b.kinds.inquiry), pct(b)]),
    });
    lines.push(...bodyRows.map((b) => `${b.name}: ${pct(b)}`));
  }
  return { text: lines.join("\n"), blocks };
}

// A cost share as a chat message. Who sees what: every member sees the share's total, method, rounding
// rule and their own body's amount with its basis (each body must be able to check its bill); the
// per-body table of all bodies is for the secretariat, who distributes it as the 総会 attachment (CSV/XLSX).
import { translator } from "../../engine/i18n.ts";
import type { Block, OutboundMessage } from "../../engine/messages.ts";
import { formatFiscalYear } from "../../lib/japanese/era.ts";
import { describeBasis, describeBounds, describeMethod, describeRounding } from "./describe-share.ts";
import type { JoinEstimate } from "./estimate-share-if-joining.ts";
import type { CostShareView } from "./find-cost-share.ts";
import { formatYen } from "../../lib/yen.ts";

export function shareMessage(
  share: CostShareView,
  locale: "ja" | "en",
  viewer: { bodyIds: string[]; secretariat: boolean },
): OutboundMessage {
  const t = translator(locale);
  const yen = (v: Parameters<typeof formatYen>[0]) => `${formatYen(v)}${t("money.yen")}`;
  const title = t("money.share.title", { number: share.number, title: share.title, year: formatFiscalYear(share.fiscalYear) });
  const fields = [
    { label: t("money.share.total"), value: yen(share.total) },
    { label: t("money.share.participants"), value: t("money.share.bodies", { count: share.lines.length }) },
    { label: t("money.share.method"), value: describeMethod(share.spec, t) },
    { label: t("money.share.rounding"), value: describeRounding(share.spec, t) },
  ];
  const bounds = describeBounds(share.spec, t);
  if (bounds) fields.push({ label: t("money.share.bounds"), value: bounds });
  const blocks: Block[] = [
    { type: "header", text: title },
    { type: "fields", fields },
  ];
  const lines = [title, ...fields.map((f) => `${f.label}: ${f.value}`)];
  for (const line of share.lines.filter((l) => viewer.bodyIds.includes(l.bodyId))) {
    const text = t("money.share.yours", { body: line.name, amount: yen(line.amount) });
    const basis = describeBasis(line.parts, line.bound, line.roundedUp, t);
    blocks.push({ type: "text", text: `${text}\n${basis}` });
    lines.push(text, basis);
  }
  if (viewer.secretariat) {
    blocks.push({
      type: "table",
      caption: t("money.share.tableCaption"),
      columns: [t("money.columns.body"), t("money.columns.amount")],
      rows: share.lines.map((l) => [l.name, formatYen(l.amount)]),
    });
  } else if (!share.lines.some((l) => viewer.bodyIds.includes(l.bodyId))) {
    blocks.push({ type: "context", text: t("money.share.notParticipating") });
  }
  return { text: lines.join("\n"), blocks };
}

export function estimateMessage(
  estimate: JoinEstimate & { share: { number: number; title: string }; body: { name: string } },
  locale: "ja" | "en",
): OutboundMessage {
  const t = translator(locale);
  const text = estimate.alreadyParticipating
    ? t("money.estimate.already", {
        body: estimate.body.name,
        number: estimate.share.number,
        title: estimate.share.title,
        amount: formatYen(estimate.amount),
      })
    : t("money.estimate.ifJoining", {
        body: estimate.body.name,
        number: estimate.share.number,
        title: estimate.share.title,
        amount: formatYen(estimate.amount),
        count: estimate.participants,
        total: formatYen(estimate.total),
      });
  const basis = describeBasis(estimate.parts, null, false, t);
  return {
    text: `${text}\n${basis}`,
    blocks: [
      { type: "text", text },
      { type: "context", text: `${basis}\n${t("money.estimate.note")}` },
    ],
  };
}

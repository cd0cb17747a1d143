// `/kyodo usage` (利用状況): shared systems' usage, readable at a glance. Usage is the council's public
// report, so every member may see every summary; recording figures and posting to a committee's
// conversation are for the secretariat. Participation shows every body to the secretariat and only one's
// own body to a member.
//   usage                                   the systems and their latest figures
//   usage <system> [平成29年度|2017-04]       summary (totals, year on year, by body, chart)
//   usage participation [年度]               survey response rates, ballot turnout, inquiries
//   usage record <system> <period> <body|*> <metric[:channel]> <value>   (secretariat)
//   usage post <system> [period]            (secretariat) post the summary to the system's organ now
import { allowed, permits, type Context } from "../engine/context.ts";
import type { CommandDefinition } from "../engine/definitions.ts";
import { textMessage, type OutboundMessage } from "../engine/messages.ts";
import { formatFiscalYear, parseFiscalYear } from "../lib/japanese/era.ts";
import { DomainError } from "../domain/errors.ts";
import { Dec, formatNumber } from "../lib/yen.ts";
import { listSystems } from "../domain/usage/find-system.ts";
import { participationSummary } from "../domain/usage/participation.ts";
import { participationMessage } from "../domain/usage/participation-message.ts";
import { parsePeriod } from "../domain/usage/period.ts";
import { postUsageSummary } from "../domain/usage/post-summary.ts";
import { recordUsage } from "../domain/usage/record-usage.ts";
import { summaryMessage } from "../domain/usage/summary-message.ts";
import { loadUsageSummary } from "../domain/usage/usage-summary.ts";
import { findSystem } from "../domain/usage/find-system.ts";

const PARTICIPATION = new Set(["participation", "参加状況", "回答状況", "回答率"]);
const RECORD = new Set(["record", "登録", "入力"]);
const POST = new Set(["post", "投稿", "配信"]);

export async function myBodyIds(ctx: Context): Promise<string[]> {
  return (await ctx.db.staffMembership.findMany({ where: { personId: ctx.actor!.personId, endedAt: null }, select: { bodyId: true } })).map(
    (m) => m.bodyId,
  );
}

async function overview(ctx: Context): Promise<OutboundMessage[]> {
  const systems = await listSystems(ctx.db, ctx.actor!.councilId);
  if (systems.length === 0) return [textMessage(ctx.t("usage.chat.noSystems"))];
  const rows = [];
  for (const s of systems) {
    const latest = await ctx.db.usageFigure.findFirst({
      where: { systemId: s.id },
      orderBy: { fiscalYear: "desc" },
      select: { fiscalYear: true },
    });
    const count = await ctx.db.usageFigure.count({ where: { systemId: s.id } });
    rows.push([
      s.slug,
      ctx.locale === "en" && s.nameEn ? s.nameEn : s.name,
      latest ? formatFiscalYear(latest.fiscalYear) : "—",
      formatNumber(new Dec(count)),
      s.slaPercent ? `${s.slaPercent}%` : "—",
    ]);
  }
  const title = ctx.t("usage.chat.systemsTitle");
  return [
    {
      text: title,
      blocks: [
        { type: "header", text: title },
        {
          type: "table",
          columns: [ctx.t("usage.chat.slug"), ctx.t("usage.chat.system"), ctx.t("usage.chat.latest"), ctx.t("usage.chat.figures"), "SLA"],
          rows,
        },
        { type: "context", text: ctx.t("usage.chat.hint") },
      ],
    },
  ];
}

async function participation(ctx: Context, args: string[]): Promise<OutboundMessage[]> {
  const fiscalYear = args[0] ? parseFiscalYear(args[0]) : undefined;
  if (args[0] && !fiscalYear) throw new DomainError("usage.record.badPeriod", { period: args[0] });
  const council = await ctx.db.council.findUniqueOrThrow({ where: { id: ctx.actor!.councilId } });
  const summary = await participationSummary(ctx.db, council.id, { fiscalYear, timezone: council.timezone });
  return [participationMessage(summary, ctx.locale, { bodyIds: await myBodyIds(ctx), secretariat: allowed("secretariat", ctx.actor) })];
}

export const usageCommand: CommandDefinition = {
  name: "usage",
  aliases: ["利用状況", "りようじょうきょう", "利用実績"],
  access: "member",
  async run(ctx, args) {
    if (args.length === 0) return overview(ctx);
    const [first, ...rest] = args;
    if (PARTICIPATION.has(first!.toLowerCase())) return participation(ctx, rest);
    if (RECORD.has(first!.toLowerCase()) || POST.has(first!.toLowerCase())) {
      if (!permits(ctx.actor, "usage.record")) return [textMessage(ctx.t("errors.forbidden"))];
      if (RECORD.has(first!.toLowerCase())) {
        if (rest.length < 5) return [textMessage(ctx.t("usage.chat.recordUsage"))];
        const [system, period, body, metric, value] = rest as [string, string, string, string, string];
        const result = await recordUsage(
          ctx.db,
          ctx.actor!.councilId,
          { system, period, body, metric, value },
          `person:${ctx.actor!.personId}`,
        );
        return [
          textMessage(
            ctx.t("usage.chat.recorded", {
              system: result.system.name,
              body: result.body?.name ?? "*",
              metric,
              value: formatNumber(new Dec(result.figure.value)),
            }),
          ),
        ];
      }
      const system = await findSystem(ctx.db, ctx.actor!.councilId, rest[0] ?? "");
      const period = rest[1] ? parsePeriod(rest[1]) : undefined;
      if (rest[1] && !period) throw new DomainError("usage.record.badPeriod", { period: rest[1] });
      const summary = await loadUsageSummary(ctx.db, ctx.actor!.councilId, system.slug, period);
      const result = await postUsageSummary(
        ctx.db,
        { councilId: ctx.actor!.councilId, systemId: system.id, period: summary.period, actor: `person:${ctx.actor!.personId}` },
        ctx.now,
      );
      return [
        textMessage(
          result.posted
            ? ctx.t("usage.chat.posted", { groups: result.groups, people: result.people })
            : ctx.t(`usage.chat.notPosted.${result.reason}`),
        ),
      ];
    }
    const period = rest[0] ? parsePeriod(rest[0]) : undefined;
    if (rest[0] && !period) throw new DomainError("usage.record.badPeriod", { period: rest[0] });
    const summary = await loadUsageSummary(ctx.db, ctx.actor!.councilId, first!, period);
    return [summaryMessage(summary, ctx.locale)];
  },
};

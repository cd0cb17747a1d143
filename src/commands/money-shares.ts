// `/kyodo shares` (負担金・按分): recorded cost shares. Every member sees a share's total, method and
// rounding rule and their own body's amount with its basis, and may ask what their body would pay if it
// joined (試算); the table of every body's amount is for the secretariat. Shares are computed and fixed
// from a spec file with the CLI (`kyodo shares compute`), so the chat only reads.
//   shares                       the recorded shares
//   shares <n>                   one share
//   shares <n> estimate [body]   what my body (or, for the secretariat, any body) would pay if it joined
import { allowed, permits, type Context } from "../engine/context.ts";
import type { CommandDefinition } from "../engine/definitions.ts";
import { textMessage, type OutboundMessage } from "../engine/messages.ts";
import { formatFiscalYear } from "../lib/japanese/era.ts";
import { findBody } from "../domain/bodies/find-body.ts";
import { DomainError } from "../domain/errors.ts";
import { estimateShareForBody } from "../domain/money/estimate-share-if-joining.ts";
import { findCostShare, listCostShares } from "../domain/money/find-cost-share.ts";
import { estimateMessage, shareMessage } from "../domain/money/share-message.ts";
import { Dec, formatYen } from "../lib/yen.ts";
import { myBodyIds } from "./usage.ts";

const ESTIMATE = new Set(["estimate", "試算", "参加試算", "if-join"]);

export function parseNumber(text: string | undefined, prefix: RegExp): number | undefined {
  const n = Number((text ?? "").normalize("NFKC").replace(prefix, ""));
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

async function list(ctx: Context): Promise<OutboundMessage[]> {
  const shares = await listCostShares(ctx.db, ctx.actor!.councilId);
  if (shares.length === 0) return [textMessage(ctx.t("money.chat.noShares"))];
  const title = ctx.t("money.chat.sharesTitle");
  const rows = shares.map((s) => [
    String(s.number),
    s.title,
    formatFiscalYear(s.fiscalYear),
    formatYen(new Dec(s.total)),
    String(s._count.lines),
  ]);
  return [
    {
      text: title,
      blocks: [
        { type: "header", text: title },
        {
          type: "table",
          columns: [
            ctx.t("money.chat.number"),
            ctx.t("money.chat.titleColumn"),
            ctx.t("money.chat.year"),
            ctx.t("money.chat.totalYen"),
            ctx.t("money.chat.bodiesColumn"),
          ],
          rows,
        },
      ],
    },
  ];
}

async function estimate(ctx: Context, number: number, bodyText: string | undefined): Promise<OutboundMessage[]> {
  let bodyIds = await myBodyIds(ctx);
  if (bodyText) {
    const body = await findBody(ctx.db, ctx.actor!.councilId, bodyText);
    // Members estimate for their own body; the secretariat for any body (to answer questions).
    if (!permits(ctx.actor, "money.estimateForAnyBody") && !bodyIds.includes(body.id)) return [textMessage(ctx.t("errors.forbidden"))];
    bodyIds = [body.id];
  }
  if (bodyIds.length === 0) return [textMessage(ctx.t("money.chat.noBody"))];
  const out: OutboundMessage[] = [];
  for (const bodyId of bodyIds)
    out.push(
      estimateMessage(await estimateShareForBody(ctx.db, { councilId: ctx.actor!.councilId, shareNumber: number, bodyId }), ctx.locale),
    );
  return out;
}

export const sharesCommand: CommandDefinition = {
  name: "shares",
  aliases: ["負担金", "按分", "ふたんきん", "share"],
  access: "member",
  async run(ctx, args) {
    if (args.length === 0) return list(ctx);
    const number = parseNumber(args[0], /^按分/);
    if (!number) throw new DomainError("money.shares.notFound", { number: args[0] });
    if (args[1] && ESTIMATE.has(args[1].toLowerCase())) return estimate(ctx, number, args.slice(2).join(" ") || undefined);
    const share = await findCostShare(ctx.db, ctx.actor!.councilId, number);
    return [shareMessage(share, ctx.locale, { bodyIds: await myBodyIds(ctx), secretariat: allowed("secretariat", ctx.actor) })];
  },
};

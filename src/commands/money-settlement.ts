// `/kyodo settlement` (決算): recorded settlements. The statement (予算額・決算額・差引額, balance) is what
// the 総会 approves, so every member sees it, with their own body's refund; the list of every body's
// refund is for the secretariat. Settlements are recorded from a spec file with the CLI.
//   settlement          the recorded settlements
//   settlement <n>      one settlement
import { allowed, type Context } from "../engine/context.ts";
import type { CommandDefinition } from "../engine/definitions.ts";
import { textMessage, type OutboundMessage } from "../engine/messages.ts";
import { formatFiscalYear } from "../lib/japanese/era.ts";
import { DomainError } from "../domain/errors.ts";
import { findSettlement, listSettlements } from "../domain/money/find-settlement.ts";
import { settlementMessage } from "../domain/money/settlement-message.ts";
import { Dec, formatYen } from "../lib/yen.ts";
import { parseNumber } from "./money-shares.ts";
import { myBodyIds } from "./usage.ts";

async function list(ctx: Context): Promise<OutboundMessage[]> {
  const settlements = await listSettlements(ctx.db, ctx.actor!.councilId);
  if (settlements.length === 0) return [textMessage(ctx.t("money.chat.noSettlements"))];
  const title = ctx.t("money.chat.settlementsTitle");
  const rows = settlements.map((s) => [String(s.number), s.title, formatFiscalYear(s.fiscalYear), formatYen(new Dec(s.balance))]);
  return [
    {
      text: title,
      blocks: [
        { type: "header", text: title },
        {
          type: "table",
          columns: [ctx.t("money.chat.number"), ctx.t("money.chat.titleColumn"), ctx.t("money.chat.year"), ctx.t("money.chat.balanceYen")],
          rows,
        },
      ],
    },
  ];
}

export const settlementCommand: CommandDefinition = {
  name: "settlement",
  aliases: ["決算", "けっさん", "settlements"],
  access: "member",
  async run(ctx, args) {
    if (args.length === 0) return list(ctx);
    const number = parseNumber(args[0], /^決算/);
    if (!number) throw new DomainError("money.settlement.notFound", { number: args[0] });
    const view = await findSettlement(ctx.db, ctx.actor!.councilId, number);
    return [settlementMessage(view, ctx.locale, { bodyIds: await myBodyIds(ctx), secretariat: allowed("secretariat", ctx.actor) })];
  },
};

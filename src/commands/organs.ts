// `/kyodo organs [name]`: the council's organs, or one organ's seats and who holds them.
import type { CommandDefinition } from "../engine/definitions.ts";
import type { OutboundMessage } from "../engine/messages.ts";
import { findOrgan, listOrgans, listSeats } from "../domain/organs/find-organ.ts";

export const organsCommand: CommandDefinition = {
  name: "organs",
  aliases: ["会議体", "組織", "委員会"],
  access: "member",
  async run(ctx, args): Promise<OutboundMessage[]> {
    const councilId = ctx.actor!.councilId;
    if (args.length === 0) {
      const organs = await listOrgans(ctx.db, councilId);
      const rows = organs.map((o) => [o.name, ctx.t(`organKinds.${o.kind}`), String(o._count.seats), o.slug]);
      const title = ctx.t("organs.title");
      return [
        {
          text: `${title}\n${rows.map((r) => `${r[0]} (${r[2]})`).join("\n")}`,
          blocks: [
            { type: "header", text: title },
            { type: "table", columns: [ctx.t("organs.name"), ctx.t("organs.kind"), ctx.t("organs.seats"), ctx.t("organs.slug")], rows },
          ],
        },
      ];
    }
    const organ = await findOrgan(ctx.db, councilId, args.join(" "));
    const seats = await listSeats(ctx.db, organ.id);
    const rows = seats.map((s) => [s.body.name, s.representative?.displayName ?? "—", ctx.t(`seatRoles.${s.role}`)]);
    const title = ctx.t("organs.seatsTitle", { name: organ.name, count: seats.length });
    return [
      {
        text: `${title}\n${rows.map((r) => r.join(" ")).join("\n")}`,
        blocks: [
          { type: "header", text: title },
          { type: "table", columns: [ctx.t("organs.body"), ctx.t("organs.representative"), ctx.t("organs.role")], rows },
        ],
      },
    ];
  },
};

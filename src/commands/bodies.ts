// `/kyodo bodies [search]`: the council's member bodies with their codes, e.g. to check a name's spelling.
import type { CommandDefinition } from "../engine/definitions.ts";
import { listBodies } from "../domain/bodies/find-body.ts";

/** Long lists are cut here; the adapters page further where their platform needs it. */
const MAX_ROWS = 100;

export const bodiesCommand: CommandDefinition = {
  name: "bodies",
  aliases: ["団体", "団体一覧", "members"],
  access: "member",
  async run(ctx, args) {
    const search = args.join("");
    const bodies = await listBodies(ctx.db, ctx.actor!.councilId, search || undefined);
    if (bodies.length === 0) {
      const text = ctx.t("bodies.noneFound", { query: search });
      return [{ text, blocks: [{ type: "text", text }] }];
    }
    const rows = bodies.slice(0, MAX_ROWS).map((b) => [b.code ?? "—", b.name, ctx.t(`bodyKinds.${b.kind}`)]);
    const title = ctx.t("bodies.title", { count: bodies.length });
    return [
      {
        text: `${title}\n${rows.map((r) => r.join(" ")).join("\n")}`,
        blocks: [
          { type: "header", text: title },
          { type: "table", columns: [ctx.t("bodies.code"), ctx.t("bodies.name"), ctx.t("bodies.kind")], rows },
        ],
      },
    ];
  },
};

// `/kyodo link-organ <organ>` (secretariat), sent inside a group conversation (a committee's LINE group,
// a Slack channel): that conversation then receives the organ's broadcasts.
import type { CommandDefinition } from "../engine/definitions.ts";
import { textMessage } from "../engine/messages.ts";
import { findOrgan } from "../domain/organs/find-organ.ts";
import { linkOrganConversation } from "../domain/organs/link-organ-conversation.ts";
import { accessFor } from "../domain/access/policy.ts";

export const linkOrganCommand: CommandDefinition = {
  name: "link-organ",
  aliases: ["会議体連携", "グループ連携"],
  access: accessFor("organ.linkGroup"),
  async run(ctx, args) {
    if (ctx.ref.isDirect) return [textMessage(ctx.t("organs.linkInGroup"))];
    if (args.length === 0) return [textMessage(ctx.t("commands.link-organ.usage"))];
    const organ = await findOrgan(ctx.db, ctx.actor!.councilId, args.join(" "));
    await linkOrganConversation(ctx.db, organ.id, ctx.ref, ctx.actor!.personId, ctx.now);
    return [textMessage(ctx.t("organs.groupLinked", { name: organ.name }))];
  },
};

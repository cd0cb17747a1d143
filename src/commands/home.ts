// `/kyodo home`: the person's overview — who they are, their open tasks, what they can do next.
// Platforms with a home screen (Slack's App Home, LINE's rich menu) show this. Open tasks and the
// secretariat's live status come from the features as home sections (see home-sections.ts).
import type { CommandDefinition } from "../engine/definitions.ts";
import { COMMAND_ACTION } from "../engine/definitions.ts";
import type { Block } from "../engine/messages.ts";
import { describePerson } from "../domain/people/describe-person.ts";
import type { HomeSection } from "./home-sections.ts";

export function homeCommand(sections: HomeSection[]): CommandDefinition {
  return {
    name: "home",
    aliases: ["ホーム", "menu", "メニュー"],
    access: "member",
    async run(ctx) {
      const info = await describePerson(ctx.db, ctx.actor!.personId, ctx.now);
      const none = ctx.t("common.none");
      const title = ctx.t("home.title", { name: info.displayName });
      const blocks: Block[] = [
        { type: "header", text: title },
        {
          type: "fields",
          fields: [
            { label: ctx.t("me.bodies"), value: info.bodies.map((b) => b.name).join("、") || none },
            { label: ctx.t("me.seats"), value: info.seats.map((s) => `${s.organ}（${s.body}）`).join("、") || none },
          ],
        },
        { type: "divider" },
      ];
      for (const section of sections) blocks.push(...(await section(ctx)));
      blocks.push({
        type: "choices",
        actionId: COMMAND_ACTION,
        prompt: ctx.t("home.whatNext"),
        choices: [
          { label: ctx.t("home.actions.me"), value: "me" },
          { label: ctx.t("home.actions.organs"), value: "organs" },
          { label: ctx.t("home.actions.help"), value: "help" },
        ],
      });
      return [{ text: title, blocks }];
    },
  };
}

// `/kyodo home`: the person's overview — who they are and what they can do next. Platforms with a home
// screen (Slack's App Home, LINE's rich menu) show this; later features add their open tasks here.
import type { CommandDefinition } from "../engine/definitions.ts";
import { COMMAND_ACTION } from "../engine/definitions.ts";
import type { Block } from "../engine/messages.ts";
import { describePerson } from "../domain/people/describe-person.ts";

export const homeCommand: CommandDefinition = {
  name: "home",
  aliases: ["ホーム", "menu", "メニュー"],
  access: "member",
  async run(ctx) {
    const info = await describePerson(ctx.db, ctx.actor!.personId, ctx.now);
    const none = ctx.t("common.none");
    const blocks: Block[] = [
      { type: "header", text: ctx.t("home.title", { name: info.displayName }) },
      {
        type: "fields",
        fields: [
          { label: ctx.t("me.bodies"), value: info.bodies.map((b) => b.name).join("、") || none },
          { label: ctx.t("me.seats"), value: info.seats.map((s) => `${s.organ}（${s.body}）`).join("、") || none },
        ],
      },
      { type: "divider" },
      {
        type: "choices",
        actionId: COMMAND_ACTION,
        prompt: ctx.t("home.whatNext"),
        choices: [
          { label: ctx.t("home.actions.me"), value: "me" },
          { label: ctx.t("home.actions.organs"), value: "organs" },
          { label: ctx.t("home.actions.help"), value: "help" },
        ],
      },
    ];
    return [{ text: `${ctx.t("home.title", { name: info.displayName })}`, blocks }];
  },
};
